"use client";

import { memo, type MouseEvent, type PointerEvent } from "react";
import { FindingBadges } from "@/components/rule-analysis/finding-badges";
import { HitBadge } from "@/components/rule-hits/hit-badge";
import type { FindingView } from "@/lib/analysis/schemas";
import type { RuleHitsView } from "@/lib/hits/schemas";
import type { Rule } from "@/lib/rules/schema";
import { ActionBadge } from "./action-badge";
import { ListMembers } from "./list-members";
import { rawVendorLabel } from "@/lib/routers/raw-rules";
import { ArrowDownIcon, ArrowUpIcon, CopyIcon, GripIcon, TrashIcon } from "./icons";
import { editGridClass, ROW_HEIGHT, viewGridClass } from "./row-grid";
import { ruleSentence } from "./rule-search";

/** Row callbacks; stable for the table's lifetime so unchanged rows skip re-rendering. */
export type RowHandlers = {
  select: (id: string, displayIndex: number, e: MouseEvent) => void;
  setEnabled: (id: string, enabled: boolean) => void;
  move: (id: string, delta: number) => void;
  duplicate: (id: string) => void;
  remove: (id: string) => void;
  edit: (id: string) => void;
  focus: (displayIndex: number) => void;
  startDrag: (e: PointerEvent, id: string, index: number) => void;
  /** Focus a rule by id (from an analysis badge naming it). */
  goTo: (id: string) => void;
};

type Props = {
  rule: Rule;
  index: number;
  displayIndex: number;
  count: number;
  selected: boolean;
  active: boolean;
  dragging: boolean;
  drop: "above" | "below" | null;
  flash: boolean;
  problems: number;
  findings: FindingView[] | undefined;
  hit: RuleHitsView | undefined;
  unusedDays: number;
  highlighted: boolean;
  canEdit: boolean;
  canReorder: boolean;
  handlers: RowHandlers;
};

const iconButton =
  "rounded p-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900 disabled:opacity-30 disabled:hover:bg-transparent";

export const RuleRow = memo(function RuleRow({
  rule,
  index,
  displayIndex,
  count,
  selected,
  active,
  dragging,
  drop,
  flash,
  problems,
  findings,
  hit,
  unusedDays,
  highlighted,
  canEdit,
  canReorder,
  handlers,
}: Props) {
  const n = index + 1;
  const sentence = ruleSentence(rule);
  const stop = (e: MouseEvent) => e.stopPropagation();
  return (
    <div
      role="row"
      aria-rowindex={displayIndex + 2}
      aria-selected={canEdit ? selected : undefined}
      tabIndex={active ? 0 : -1}
      data-testid="rule-row"
      data-rule-id={rule.id}
      data-position={n}
      data-display-index={displayIndex}
      data-highlighted={highlighted || undefined}
      onFocus={() => handlers.focus(displayIndex)}
      onClick={() => handlers.edit(rule.id)}
      style={{ top: displayIndex * ROW_HEIGHT, height: ROW_HEIGHT }}
      className={`absolute inset-x-0 cursor-pointer border-b border-slate-100 px-2 text-sm outline-none focus-visible:z-10 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-sky-600 ${canEdit ? editGridClass : viewGridClass} ${
        dragging
          ? "bg-sky-100"
          : highlighted
            ? "bg-violet-50 ring-2 ring-inset ring-violet-500"
            : selected
              ? "bg-sky-50"
              : flash
                ? "bg-amber-50"
                : "bg-white hover:bg-slate-50"
      } ${problems > 0 ? "shadow-[inset_3px_0_0_#dc2626]" : ""}`}
    >
      {drop ? (
        <div
          className={`pointer-events-none absolute inset-x-0 h-0.5 bg-sky-600 ${drop === "above" ? "top-0" : "bottom-0"}`}
          data-testid="drop-indicator"
        />
      ) : null}
      {canEdit ? (
        <>
          <div role="gridcell" onClick={stop}>
            <input
              type="checkbox"
              checked={selected}
              aria-label={`Select rule ${n}`}
              onClick={(e) => handlers.select(rule.id, displayIndex, e)}
              onChange={() => undefined}
              tabIndex={-1}
            />
          </div>
          <div role="gridcell" onClick={stop}>
            <button
              type="button"
              aria-label={`Drag rule ${n}`}
              title={canReorder ? "Drag to reorder (or Alt+↑/↓)" : "Clear the filter to reorder"}
              disabled={!canReorder}
              data-testid="drag-handle"
              tabIndex={-1}
              onPointerDown={(e) => handlers.startDrag(e, rule.id, index)}
              className="cursor-grab touch-none select-none p-1 text-slate-400 hover:text-slate-700 disabled:cursor-not-allowed disabled:opacity-30"
            >
              <GripIcon />
            </button>
          </div>
        </>
      ) : null}
      <div role="gridcell" className="tabular-nums text-slate-500">
        {n}
      </div>
      <div role="gridcell" onClick={canEdit ? stop : undefined}>
        {canEdit ? (
          <button
            type="button"
            role="switch"
            aria-checked={rule.enabled}
            aria-label={`Rule ${n} enabled`}
            tabIndex={-1}
            onClick={() => handlers.setEnabled(rule.id, !rule.enabled)}
            className={`relative inline-flex h-4 w-7 shrink-0 rounded-full transition-colors ${rule.enabled ? "bg-emerald-500" : "bg-slate-300"}`}
          >
            <span
              className={`absolute top-0.5 h-3 w-3 rounded-full bg-white shadow transition-transform ${rule.enabled ? "translate-x-3.5" : "translate-x-0.5"}`}
            />
          </button>
        ) : (
          <span className="text-xs text-slate-500">{rule.enabled ? "on" : "off"}</span>
        )}
      </div>
      <div role="gridcell" className={rule.enabled ? "" : "opacity-50"}>
        {rule.raw ? (
          <span
            className="inline-block max-w-full truncate whitespace-nowrap rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900"
            title={`${rawVendorLabel(rule.raw.vendor)} raw rule: pushed as written to ${rawVendorLabel(rule.raw.vendor)} routers only`}
            data-testid="raw-badge"
          >
            {/* the label's first word ("MikroTik", "OpenWrt") fits the action column; the title has it all */}
            {rawVendorLabel(rule.raw.vendor).split(" ")[0]} raw
          </span>
        ) : (
          <ActionBadge action={rule.action} />
        )}
      </div>
      <div role="gridcell" className={`text-xs text-slate-600 ${rule.enabled ? "" : "opacity-50"}`}>
        {rule.chain}
      </div>
      <div role="gridcell" className="flex min-w-0 items-center gap-1.5">
        <span
          className={`truncate ${rule.enabled ? "text-slate-900" : "text-slate-400 line-through decoration-slate-300"}`}
          title={sentence}
          data-testid="rule-sentence"
        >
          {sentence}
          {!rule.enabled ? <span className="sr-only"> (disabled)</span> : null}
        </span>
        <ListMembers rule={rule} />
        {problems > 0 ? (
          <span className="shrink-0 rounded bg-red-50 px-1 text-xs text-red-700">
            {problems === 1 ? "1 problem" : `${problems} problems`}
          </span>
        ) : null}
        {findings?.length ? <FindingBadges findings={findings} onGoTo={handlers.goTo} /> : null}
        {hit ? <HitBadge hit={hit} unusedDays={unusedDays} /> : null}
      </div>
      <div role="gridcell" className="truncate text-xs text-slate-500" title={rule.comment} data-testid="rule-comment">
        {rule.comment}
      </div>
      {canEdit ? (
        <div role="gridcell" className="flex justify-end" onClick={stop}>
          <button
            type="button"
            tabIndex={-1}
            className={iconButton}
            aria-label={`Move rule ${n} up`}
            title="Move up (Alt+↑)"
            disabled={!canReorder || index === 0}
            onClick={() => handlers.move(rule.id, -1)}
          >
            <ArrowUpIcon />
          </button>
          <button
            type="button"
            tabIndex={-1}
            className={iconButton}
            aria-label={`Move rule ${n} down`}
            title="Move down (Alt+↓)"
            disabled={!canReorder || index === count - 1}
            onClick={() => handlers.move(rule.id, 1)}
          >
            <ArrowDownIcon />
          </button>
          <button
            type="button"
            tabIndex={-1}
            className={iconButton}
            aria-label={`Duplicate rule ${n}`}
            title="Duplicate"
            onClick={() => handlers.duplicate(rule.id)}
          >
            <CopyIcon />
          </button>
          <button
            type="button"
            tabIndex={-1}
            className={`${iconButton} hover:text-red-700`}
            aria-label={`Delete rule ${n}`}
            title="Delete (Del)"
            onClick={() => handlers.remove(rule.id)}
          >
            <TrashIcon />
          </button>
        </div>
      ) : null}
    </div>
  );
});
