"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { PanelAnalysis, type PanelAnalysisView } from "@/components/rule-analysis/panel-analysis";
import { Button } from "@/components/ui/button";
import type { AddressList, Rule } from "@/lib/rules/schema";
import { useFocusTrap } from "@/components/ui/use-focus-trap";
import { checkDraft, fieldOf } from "./draft-issues";
import type { InsertAt } from "./insert-position";
import { ruleToDraft, type RuleDraft } from "./rule-draft";
import { RuleForm } from "./rule-form";

export type { InsertAt } from "./insert-position";

type Props = {
  rule: Rule;
  /** 1-based position, or null for a rule not in the table yet. */
  position: number | null;
  /** Position of the rule a new one can go above or below (the focused row), if any. */
  belowPosition: number | null;
  addressLists: AddressList[];
  readOnly: boolean;
  /** Messages the last save attempt reported for this rule, relative to the rule ("src.values.0"). */
  savedIssues: { path: string; message: string }[];
  onApply: (rule: Rule, insertAt: InsertAt) => void;
  onClose: () => void;
  /** The draft as a rule whenever it is valid (null while it is not), for the analysis below. */
  onDraftChange?: (rule: Rule | null, insertAt: InsertAt) => void;
  /** What the analysis says about the draft in its place among the other rules. */
  analysis?: PanelAnalysisView;
};

/**
 * The side panel: edits a draft of one rule and applies it to the table only when the schema accepts it.
 * Messages appear under a field once it has been used (while typing), and under every field on Apply.
 */
export function RulePanel({
  rule,
  position,
  belowPosition,
  addressLists,
  readOnly,
  savedIssues,
  onApply,
  onClose,
  onDraftChange,
  analysis,
}: Props) {
  const initial = useMemo(() => ruleToDraft(rule), [rule]);
  const [draft, setDraft] = useState<RuleDraft>(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(savedIssues.length > 0);
  const [insertAt, setInsertAt] = useState<InsertAt>(belowPosition !== null ? "above" : "end");
  const panelRef = useRef<HTMLElement>(null);
  useFocusTrap(panelRef);
  const listNames = useMemo(() => addressLists.map((l) => l.name), [addressLists]);
  const check = useMemo(() => checkDraft(draft, addressLists), [draft, addressLists]);
  const isNew = position === null;
  const dirty = draft !== initial;

  const errorOf = (key: string) => {
    const message = check.issues[key];
    if (!message) return undefined;
    const chip = key.includes(".values.") || key.includes(".chip.");
    return showAll || chip || touched.has(fieldOf(key)) ? message : undefined;
  };

  const close = () => {
    if (!dirty || readOnly || window.confirm("Close this rule without applying your changes?")) onClose();
  };

  const apply = () => {
    if (!check.ok) {
      setShowAll(true);
      requestAnimationFrame(() => panelRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    onApply(check.rule, insertAt);
  };

  useEffect(() => {
    panelRef.current?.querySelector<HTMLElement>("select, input")?.focus();
  }, []);

  useEffect(() => onDraftChange?.(check.ok ? check.rule : null, insertAt), [check, insertAt, onDraftChange]);

  const problemCount = Object.keys(check.issues).length;
  const general = check.issues._rule;
  return (
    <aside
      ref={panelRef}
      role="dialog"
      aria-modal="false"
      aria-labelledby="rule-panel-title"
      data-testid="rule-panel"
      onKeyDown={(e) => {
        if (e.key === "Escape") close();
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) apply();
      }}
      className="fixed inset-y-0 right-0 z-30 flex w-[32rem] max-w-full flex-col border-l border-slate-200 bg-white shadow-xl"
    >
      <header className="flex items-center justify-between border-b border-slate-200 px-5 py-3">
        <h2 id="rule-panel-title" className="text-sm font-semibold text-slate-900">
          {readOnly ? `Rule #${position}` : isNew ? "New rule" : `Edit rule #${position}`}
        </h2>
        <button
          type="button"
          onClick={close}
          aria-label="Close"
          className="rounded px-1.5 text-lg leading-none text-slate-500 hover:bg-slate-100"
        >
          ×
        </button>
      </header>
      <div className="flex-1 overflow-y-auto px-5 py-4">
        {savedIssues.length > 0 ? (
          <div role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-xs text-red-700">
            The last save refused this rule: {savedIssues.map((i) => i.message).join("; ")}
          </div>
        ) : null}
        {general && showAll ? (
          <p className="mb-3 text-xs text-red-600" data-field-error="rule">
            {general}
          </p>
        ) : null}
        <RuleForm
          draft={draft}
          change={(patch) => setDraft((d) => ({ ...d, ...patch }))}
          touch={(f) => setTouched((t) => (t.has(f) ? t : new Set(t).add(f)))}
          errorOf={errorOf}
          listNames={listNames}
          readOnly={readOnly}
        />
      </div>
      {analysis ? (
        <div className="border-t border-slate-200 px-5 pt-3">
          <PanelAnalysis view={analysis} />
        </div>
      ) : null}
      {readOnly ? null : (
        <footer className="flex items-center gap-2 border-t border-slate-200 px-5 py-3">
          {isNew ? (
            <label className="flex items-center gap-1.5 text-xs text-slate-600">
              Insert
              <select
                value={insertAt}
                onChange={(e) => setInsertAt(e.target.value as InsertAt)}
                className="rounded border border-slate-300 px-1 py-0.5 text-xs"
                aria-label="Insert position"
              >
                <option value="end">at the end</option>
                <option value="top">at the top</option>
                {belowPosition !== null ? <option value="above">above rule #{belowPosition}</option> : null}
                {belowPosition !== null ? <option value="below">below rule #{belowPosition}</option> : null}
              </select>
            </label>
          ) : null}
          <span className="ml-auto text-xs text-red-600" aria-live="polite">
            {showAll && problemCount > 0
              ? `${problemCount === 1 ? "1 problem" : `${problemCount} problems`} to fix`
              : ""}
          </span>
          <Button type="button" variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="button" onClick={apply} data-testid="apply-rule">
            {isNew ? "Add to table" : "Apply"}
          </Button>
        </footer>
      )}
    </aside>
  );
}
