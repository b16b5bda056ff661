"use client";

import { useCallback, useDeferredValue, useMemo, useReducer, useRef, useState } from "react";
import { AddressListsTab } from "@/components/address-list-editor/address-lists-tab";
import { NatTab } from "@/components/nat-editor/nat-tab";
import { EditorPacketTester } from "@/components/rule-analysis/editor-packet-tester";
import { FindingsSummary } from "@/components/rule-analysis/findings-summary";
import type { PanelAnalysisView } from "@/components/rule-analysis/panel-analysis";
import { useRuleAnalysis } from "@/components/rule-analysis/use-rule-analysis";
import { HitsStrip } from "@/components/rule-hits/hits-strip";
import { useRuleHits } from "@/components/rule-hits/use-rule-hits";
import { makeRule } from "@/lib/rules/make-rule";
import { rawGrammarOf } from "@/lib/routers/raw-rules";
import type { Rule, RuleSetContent } from "@/lib/rules/schema";
import { BulkBar } from "./bulk-bar";
import { initEditorState } from "./editor-state";
import { EditorTabs, type EditorTab } from "./editor-tabs";
import { insertIndex } from "./insert-position";
import { removeAt } from "./reorder";
import { AddressListsContext } from "./list-members";
import { MoveSelected } from "./move-selected";
import { initUndoable, undoableReducer } from "./undo-history";
import { useEditorKeys } from "./use-editor-keys";
import { RulePanel, type InsertAt } from "./rule-panel";
import { filterRules, isFiltering, type RuleFilter } from "./rule-search";
import { RuleTable, type TableOps } from "./rule-table";
import { RuleToolbar } from "./rule-toolbar";
import { SaveBar } from "./save-bar";
import type { PlacedIssue } from "./save-outcome";
import { SaveOutcomeBanner } from "./save-outcome-banner";
import { UndoToast, type Toast } from "./undo-toast";
import { countUnsavedChanges } from "./unsaved-changes";
import { useLatest } from "@/components/ui/use-latest";
import { useLeaveGuard } from "./use-leave-guard";
import { useSave } from "./use-save";
import { RulesEmptyState } from "./rules-empty-state";

type Props = {
  ruleSetId: string;
  name: string;
  description: string;
  baseRevision: number;
  /** The head revision's content as the JSON text the server checked against the schema (getRuleSetText). */
  contentText: string;
  canEdit: boolean;
  initialTab: EditorTab;
};

type PanelState = { rule: Rule; isNew: boolean } | null;

const plural = (n: number, one: string) => (n === 1 ? `1 ${one}` : `${n} ${one}s`);

/** The rule-set editor: rules and address lists edited locally, saved together as one new revision. */
export function RuleSetEditor({ ruleSetId, name, description, baseRevision, contentText, canEdit, initialTab }: Props) {
  const [history, dispatch] = useReducer(undoableReducer, null, () =>
    initUndoable(initEditorState(JSON.parse(contentText) as RuleSetContent, baseRevision)),
  );
  const state = history.present;
  const [tab, setTab] = useState<EditorTab>(initialTab);
  const [filter, setFilter] = useState<RuleFilter>({ text: "", chain: "all" });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [panel, setPanel] = useState<PanelState>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  // The focused row's rule (where "insert below" goes); state, since the panel and toolbar render from it.
  const [activeRuleId, setActiveRuleId] = useState<string | null>(null);
  const toastId = useRef(0);
  const hits = useRuleHits(ruleSetId);

  const onSaved = useCallback(
    (sent: RuleSetContent, revision: number) => dispatch({ type: "saved", content: sent, revision }),
    [],
  );
  const { saving, outcome, setOutcome, save } = useSave({
    ruleSetId,
    name,
    description,
    base: state.base,
    baseOf: state.baseRevision,
    onSaved,
  });

  const [onlyFindings, setOnlyFindings] = useState(false);
  const [testerOpen, setTesterOpen] = useState(false);
  const [decidedBy, setDecidedBy] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ rule: Rule; insertAt: InsertAt } | null>(null);
  const analysis = useRuleAnalysis("table", state.rules, state.addressLists, undefined, state.nat);

  const deferredFilter = useDeferredValue(filter);
  const shown = useMemo(() => {
    const matching = filterRules(state.rules, deferredFilter);
    return onlyFindings ? matching.filter((s) => analysis.byRule.has(s.rule.id)) : matching;
  }, [state.rules, deferredFilter, onlyFindings, analysis.byRule]);
  const canReorder = canEdit && !isFiltering(deferredFilter) && !onlyFindings;
  const unsaved = useMemo(
    () => countUnsavedChanges(state.base, state.rules, state.addressLists, state.nat),
    [state.base, state.rules, state.addressLists, state.nat],
  );
  // Every save carries the NAT rules too: leaving them out would delete them.
  const contentOf = () => ({ rules: state.rules, addressLists: state.addressLists, nat: state.nat });
  useLeaveGuard(
    unsaved.total > 0,
    `You have ${plural(unsaved.total, "unsaved change")} in this rule set. Leave and lose them?`,
  );

  const issuesByRule = useMemo(() => {
    const map = new Map<string, PlacedIssue[]>();
    if (outcome?.kind === "invalid")
      for (const i of outcome.issues) if (i.ruleId) map.set(i.ruleId, [...(map.get(i.ruleId) ?? []), i]);
    return map;
  }, [outcome]);
  const problemCounts = useMemo(
    () => new Map([...issuesByRule].map(([id, list]) => [id, list.length])),
    [issuesByRule],
  );

  const onActiveChange = useCallback((r: Rule | null) => setActiveRuleId(r?.id ?? null), []);
  const dismissToast = useCallback(() => setToast(null), []);
  const showToast = useCallback(
    (message: string, undo?: () => void) => setToast({ id: ++toastId.current, message, undo }),
    [],
  );
  const rulesRef = useLatest(state.rules);
  const canUndo = history.past.length > 0;
  useEditorKeys({
    enabled: canEdit,
    onUndo: () => {
      if (!canUndo) return showToast("Nothing to undo.");
      dispatch({ type: "undo" });
      setPanel(null);
      showToast("Undid the last edit.");
    },
  });

  const ops: TableOps = useMemo(
    () => ({
      move: (id, to) => dispatch({ type: "move", id, to }),
      setEnabled: (ids, enabled) => dispatch({ type: "setEnabled", ids, enabled }),
      duplicate: (id) => {
        dispatch({ type: "duplicate", id });
        showToast("Rule duplicated below the original.");
      },
      remove: (ids) => {
        const { removed } = removeAt(rulesRef.current, (r) => !ids.has(r.id));
        if (removed.length === 0) return;
        dispatch({ type: "remove", ids });
        setSelected((s) => new Set([...s].filter((id) => !ids.has(id))));
        setPanel((p) => (p && ids.has(p.rule.id) ? null : p));
        const what = removed.length === 1 ? `rule #${removed[0].index + 1}` : `${removed.length} rules`;
        showToast(`Deleted ${what}.`, () => dispatch({ type: "restore", removed }));
      },
      edit: (id) => {
        const rule = rulesRef.current.find((r) => r.id === id);
        if (rule) setPanel({ rule, isNew: false });
      },
    }),
    [showToast, rulesRef],
  );

  // The draft in the place Apply would put it, so the panel's analysis answers "what if I apply this?".
  const onDraftChange = useCallback(
    (rule: Rule | null, insertAt: InsertAt) => setDraft(rule ? { rule, insertAt } : null),
    [],
  );
  const draftRules = useMemo(() => {
    if (!panel || !draft || !canEdit || draft.rule.id !== panel.rule.id) return null;
    if (!panel.isNew) {
      const at = state.rules.findIndex((r) => r.id === draft.rule.id);
      return at < 0 ? null : state.rules.with(at, draft.rule);
    }
    return state.rules.toSpliced(insertIndex(state.rules, activeRuleId, draft.insertAt), 0, draft.rule);
  }, [panel, draft, canEdit, state.rules, activeRuleId]);
  const draftAnalysis = useRuleAnalysis("draft", draftRules, state.addressLists);
  const panelAnalysis = useMemo((): PanelAnalysisView | undefined => {
    if (!panel) return undefined;
    const id = panel.rule.id;
    const source = canEdit ? draftAnalysis : analysis;
    if (canEdit && draftRules === null) return { state: "invalid" };
    if (!source.result) return { state: "waiting" };
    const caused = source.result.findings.filter(
      (f) => f.ruleId !== id && f.byRuleIds.includes(id) && f.kind !== "redundant",
    );
    return { state: "ready", pending: source.pending, own: source.byRule.get(id) ?? [], caused };
  }, [panel, canEdit, draftRules, draftAnalysis, analysis]);

  const [focusRequest, setFocusRequest] = useState<{ id: string } | null>(null);
  const goToRule = useCallback((id: string) => {
    // A filtered list may hide the rule: show everything, then focus it.
    setFilter((f) => (f.text || f.chain !== "all" ? { text: "", chain: "all" } : f));
    setOnlyFindings(false);
    setFocusRequest({ id });
  }, []);

  const addRule = () =>
    setPanel({
      rule: makeRule({ chain: filter.chain === "all" ? "input" : filter.chain, protocol: "tcp" }),
      isNew: true,
    });

  // What the router's table decides for a raw rule (RouterOS /ip or /ipv6) starts at IPv4; elsewhere both.
  const addRawRule = (vendor: string, type: string) =>
    setPanel({
      rule: makeRule({
        chain: filter.chain === "all" ? "input" : filter.chain,
        family: rawGrammarOf(vendor)?.familyIsTable ? "ipv4" : "both",
        raw: { vendor, type, props: {} },
      }),
      isNew: true,
    });

  const applyRule = (rule: Rule, insertAt: InsertAt) => {
    if (panel?.isNew) {
      dispatch({ type: "upsert", rule, insertAt: insertIndex(state.rules, activeRuleId, insertAt) });
    } else {
      dispatch({ type: "upsert", rule });
    }
    setPanel(null);
  };

  const openIssue = (issue: PlacedIssue) => {
    if (issue.list) return setTab("address-lists");
    setTab("rules");
    if (issue.ruleId) ops.edit(issue.ruleId);
  };

  const panelPosition = panel && !panel.isNew ? state.rules.findIndex((r) => r.id === panel.rule.id) + 1 : null;
  const activePosition = activeRuleId ? state.rules.findIndex((r) => r.id === activeRuleId) + 1 : 0;

  return (
    <div className="space-y-3">
      {canEdit ? (
        <div className="sticky top-0 z-20 bg-slate-50 pb-1 pt-1">
          <SaveBar
            unsaved={unsaved}
            baseRevision={state.baseRevision}
            saving={saving}
            onSave={(m) => save(contentOf(), state.baseRevision, m)}
            onDiscard={() => {
              dispatch({ type: "discard" });
              setSelected(new Set());
              setPanel(null);
              setOutcome(null);
            }}
          />
        </div>
      ) : (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-xs text-slate-600" data-testid="read-only-note">
          Read only: your role (viewer) can look but not change rules. Revision {state.baseRevision}.
        </p>
      )}
      <SaveOutcomeBanner
        outcome={outcome}
        baseRevision={state.baseRevision}
        historyHref={`/rule-sets/${ruleSetId}/history`}
        pushHref={`/rule-sets/${ruleSetId}/push`}
        onOpenIssue={openIssue}
        onOverwrite={(revision) => save(contentOf(), revision, "")}
        onDismiss={() => setOutcome(null)}
      />
      <EditorTabs
        tab={tab}
        setTab={setTab}
        ruleCount={state.rules.length}
        listCount={state.addressLists.length}
        natCount={state.nat.length}
      />
      {tab === "rules" ? (
        <div className="space-y-2">
          <RuleToolbar
            filter={filter}
            setFilter={setFilter}
            shownCount={shown.length}
            total={state.rules.length}
            canEdit={canEdit}
            onAdd={addRule}
            onAddRaw={addRawRule}
          />
          <FindingsSummary
            analysis={analysis}
            onlyFindings={onlyFindings}
            setOnlyFindings={setOnlyFindings}
            testerOpen={testerOpen}
            toggleTester={() => setTesterOpen((o) => !o)}
          />
          {testerOpen ? (
            <EditorPacketTester
              rules={state.rules}
              addressLists={state.addressLists}
              nat={state.nat}
              onDecided={setDecidedBy}
              onGoTo={goToRule}
              onClose={() => setTesterOpen(false)}
            />
          ) : null}
          <HitsStrip hits={hits} canRefresh={canEdit} />
          {canEdit ? (
            <BulkBar
              count={selected.size}
              onEnable={() => ops.setEnabled(selected, true)}
              onDisable={() => ops.setEnabled(selected, false)}
              onDelete={() => ops.remove(selected)}
              onClear={() => setSelected(new Set())}
            />
          ) : null}
          {canEdit && canReorder ? (
            <MoveSelected
              count={selected.size}
              total={state.rules.length}
              onMove={(position) => {
                dispatch({ type: "moveMany", ids: selected, position });
                showToast(`Moved to position ${position}.`);
              }}
            />
          ) : null}
          {state.rules.length === 0 ? (
            <RulesEmptyState canEdit={canEdit} onAdd={addRule} />
          ) : (
            <AddressListsContext value={state.addressLists}>
              <RuleTable
                shown={shown}
                total={state.rules.length}
                selected={selected}
                setSelected={setSelected}
                flash={state.touched}
                problems={problemCounts}
                findings={analysis.byRule}
                hits={hits.byRule}
                unusedDays={hits.data?.unusedDays ?? 30}
                highlightId={testerOpen ? decidedBy : null}
                focusRequest={focusRequest}
                canEdit={canEdit}
                canReorder={canReorder}
                ops={ops}
                onActiveChange={onActiveChange}
              />
            </AddressListsContext>
          )}
          {canEdit && state.rules.length > 0 ? (
            <p className="text-xs text-slate-400">
              Keys on a row: ↑/↓ move focus · Alt+↑/↓ move the rule · Enter edit · Space select · Del delete ·
              shift-click selects a range · Ctrl/⌘+S save · Ctrl/⌘+Z undo the last edit
            </p>
          ) : null}
        </div>
      ) : tab === "nat" ? (
        <NatTab
          nat={state.nat}
          addressLists={state.addressLists}
          canEdit={canEdit}
          setNat={(nat) => dispatch({ type: "setNat", nat })}
          findings={analysis.byRule}
        />
      ) : (
        <AddressListsTab
          lists={state.addressLists}
          rules={state.rules}
          canEdit={canEdit}
          setLists={(addressLists, rules) => dispatch({ type: "setLists", addressLists, rules })}
          onOpenRule={(id) => {
            setTab("rules");
            ops.edit(id);
          }}
        />
      )}
      {panel ? (
        <RulePanel
          key={panel.rule.id}
          rule={panel.rule}
          position={panelPosition}
          belowPosition={panel.isNew && activePosition > 0 ? activePosition : null}
          addressLists={state.addressLists}
          readOnly={!canEdit}
          savedIssues={(issuesByRule.get(panel.rule.id) ?? []).map((i) => ({ path: i.path, message: i.message }))}
          onDraftChange={onDraftChange}
          analysis={panelAnalysis}
          onApply={applyRule}
          onClose={() => setPanel(null)}
        />
      ) : null}
      <UndoToast toast={toast} onDismiss={dismissToast} />
    </div>
  );
}
