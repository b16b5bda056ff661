"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { useLatest } from "@/components/ui/use-latest";
import type { FindingView } from "@/lib/analysis/schemas";
import type { RuleHitsView } from "@/lib/hits/schemas";
import type { Rule } from "@/lib/rules/schema";
import { editGridClass, ROW_HEIGHT, viewGridClass } from "./row-grid";
import { RuleRow, type RowHandlers } from "./rule-row";
import type { ShownRule } from "./rule-search";
import { useRowDrag } from "./use-row-drag";
import { useFillHeight, useVirtualWindow } from "./use-virtual-window";

export type TableOps = {
  move: (id: string, to: number) => void;
  setEnabled: (ids: ReadonlySet<string>, enabled: boolean) => void;
  duplicate: (id: string) => void;
  remove: (ids: ReadonlySet<string>) => void;
  edit: (id: string) => void;
};

type Props = {
  shown: ShownRule[];
  total: number;
  selected: ReadonlySet<string>;
  setSelected: (next: ReadonlySet<string>) => void;
  flash: ReadonlySet<string>;
  problems: ReadonlyMap<string, number>;
  /** Analysis findings by rule id (badges on the rows). */
  findings: ReadonlyMap<string, FindingView[]>;
  /** Each rule's hits across its routers (badges on the rows). */
  hits: ReadonlyMap<string, RuleHitsView>;
  unusedDays: number;
  /** The rule the packet tester found deciding: highlighted and scrolled into view. */
  highlightId: string | null;
  /** Focus this rule once it is in the list (a new object per request). */
  focusRequest: { id: string } | null;
  canEdit: boolean;
  canReorder: boolean;
  ops: TableOps;
  /** The row the admin last focused or clicked, which a new rule can be inserted below. */
  onActiveChange: (rule: Rule | null) => void;
};

/**
 * The ordered rule list: a virtualized grid with one focusable row at a time (roving tabindex).
 * Keys on a row: ↑/↓ focus, Alt+↑/↓ move the rule, Home/End, Enter edit, Space select, Delete delete.
 */
export function RuleTable({
  shown,
  total,
  selected,
  setSelected,
  flash,
  problems,
  findings,
  hits,
  unusedDays,
  highlightId,
  focusRequest,
  canEdit,
  canReorder,
  ops,
  onActiveChange,
}: Props) {
  const { containerRef, start, end, totalHeight, scrollToIndex } = useVirtualWindow(shown.length, ROW_HEIGHT);
  const [active, setActive] = useState(0);
  const [announcement, setAnnouncement] = useState("");
  const pendingFocus = useRef<string | null>(null);
  const anchor = useRef<number | null>(null);
  const latestRef = useLatest({ shown, selected, ops, canReorder, onActiveChange });

  const moveTo = useCallback(
    (id: string, to: number) => {
      const { shown: rows, ops: o } = latestRef.current;
      if (to < 0 || to >= rows.length) return;
      o.move(id, to);
      pendingFocus.current = id;
      setActive(to);
      scrollToIndex(to);
      setAnnouncement(`Moved to position ${to + 1} of ${rows.length}`);
    },
    [scrollToIndex, latestRef],
  );

  const { drag, startDrag } = useRowDrag({ containerRef, rowHeight: ROW_HEIGHT, count: shown.length, onDrop: moveTo });

  const handlers: RowHandlers = useMemo(
    () => ({
      select: (id: string, displayIndex: number, e: MouseEvent) => {
        const { shown: rows, selected: sel } = latestRef.current;
        const next = new Set(sel);
        if (e.shiftKey && anchor.current !== null) {
          const [a, b] = [Math.min(anchor.current, displayIndex), Math.max(anchor.current, displayIndex)];
          for (let i = a; i <= b; i++) next.add(rows[i].rule.id);
        } else if (next.has(id)) next.delete(id);
        else next.add(id);
        anchor.current = displayIndex;
        setSelected(next);
      },
      setEnabled: (id, enabled) => latestRef.current.ops.setEnabled(new Set([id]), enabled),
      move: (id, delta) => {
        const index = latestRef.current.shown.findIndex((s) => s.rule.id === id);
        if (latestRef.current.canReorder) moveTo(id, index + delta);
      },
      duplicate: (id) => latestRef.current.ops.duplicate(id),
      remove: (id) => latestRef.current.ops.remove(new Set([id])),
      edit: (id) => latestRef.current.ops.edit(id),
      focus: (displayIndex) => {
        setActive(displayIndex);
        latestRef.current.onActiveChange(latestRef.current.shown[displayIndex]?.rule ?? null);
      },
      startDrag: (e, id, index) => {
        if (latestRef.current.canReorder) startDrag(e, id, index);
      },
      goTo: (id) => {
        const i = latestRef.current.shown.findIndex((s) => s.rule.id === id);
        if (i < 0) return;
        pendingFocus.current = id;
        setActive(i);
        scrollToIndex(i);
      },
    }),
    [moveTo, setSelected, startDrag, scrollToIndex, latestRef],
  );

  const safeActive = Math.min(active, Math.max(0, shown.length - 1));

  // The list may still be catching up with a cleared filter (deferred): retry on each render until the row exists.
  const pendingRequest = useRef<{ id: string } | null>(null);
  useEffect(() => void (pendingRequest.current = focusRequest), [focusRequest]);
  useEffect(() => {
    const req = pendingRequest.current;
    if (req && shown.some((s) => s.rule.id === req.id)) {
      pendingRequest.current = null;
      handlers.goTo(req.id);
    }
  });

  // The packet tester's deciding rule. The tester's answer grows the panel above and pushes the list down, so
  // scrolling the list alone could leave that row (and the list's first rows) below the window's edge.
  const pendingReveal = useRef<string | null>(null);
  useEffect(() => {
    if (!highlightId) return;
    const i = latestRef.current.shown.findIndex((s) => s.rule.id === highlightId);
    if (i < 0) return;
    scrollToIndex(i);
    pendingReveal.current = highlightId;
  }, [highlightId, scrollToIndex, latestRef]);

  // After a keyboard move or focus step the row may only just have been rendered: focus it once it exists.
  useEffect(() => {
    const id = pendingFocus.current;
    if (!id) return;
    const row = containerRef.current?.querySelector<HTMLElement>(`[data-rule-id="${id}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      revealInWindow(row, true);
      pendingFocus.current = null;
    }
  });
  useEffect(() => {
    const id = pendingReveal.current;
    if (!id) return;
    const row = containerRef.current?.querySelector<HTMLElement>(`[data-rule-id="${id}"]`);
    if (row) {
      revealInWindow(row, false);
      pendingReveal.current = null;
    }
  });

  const focusIndex = (i: number) => {
    const target = Math.max(0, Math.min(shown.length - 1, i));
    if (!shown[target]) return;
    pendingFocus.current = shown[target].rule.id;
    setActive(target);
    scrollToIndex(target);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>("[data-display-index]");
    if (!row || row !== e.target) return;
    const i = Number(row.dataset.displayIndex);
    const id = shown[i]?.rule.id;
    if (!id) return;
    const page = Math.max(1, Math.floor((containerRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      e.preventDefault();
      if (canEdit && canReorder) moveTo(id, i + (e.key === "ArrowUp" ? -1 : 1));
      else if (canEdit) setAnnouncement("Clear the search and chain filter to reorder");
      return;
    }
    const step: Record<string, number> = {
      ArrowUp: i - 1,
      ArrowDown: i + 1,
      Home: 0,
      End: shown.length - 1,
      PageUp: i - page,
      PageDown: i + page,
    };
    if (e.key in step) {
      e.preventDefault();
      focusIndex(step[e.key]);
    } else if (e.key === "Enter") {
      e.preventDefault();
      ops.edit(id);
    } else if (canEdit && e.key === " ") {
      e.preventDefault();
      const next = new Set(selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      anchor.current = i;
      setSelected(next);
    } else if (canEdit && (e.key === "Delete" || e.key === "Backspace")) {
      e.preventDefault();
      ops.remove(selected.has(id) && selected.size > 1 ? selected : new Set([id]));
      focusIndex(i);
    }
  };

  const allShownSelected = shown.length > 0 && shown.every((s) => selected.has(s.rule.id));
  const grid = canEdit ? editGridClass : viewGridClass;
  const fill = useFillHeight(containerRef, 40);
  const viewportHeight = Math.min(fill, Math.max(shown.length, 3) * ROW_HEIGHT + 2);

  return (
    // On a phone the columns keep their widths and the grid scrolls sideways inside this frame, not the page.
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <div
        className={canEdit ? "min-w-[48rem]" : "min-w-[36rem]"}
        role="grid"
        aria-label="Rules"
        aria-rowcount={shown.length + 1}
        aria-multiselectable={canEdit || undefined}
        onKeyDown={onKeyDown}
      >
        <div
          role="row"
          aria-rowindex={1}
          className={`${grid} border-b border-slate-200 bg-slate-50 px-2 py-2 text-xs font-medium uppercase tracking-wide text-slate-500`}
        >
          {canEdit ? (
            <>
              <div role="columnheader">
                <input
                  type="checkbox"
                  aria-label="Select all shown rules"
                  checked={allShownSelected}
                  onChange={() => setSelected(allShownSelected ? new Set() : new Set(shown.map((s) => s.rule.id)))}
                />
              </div>
              <div role="columnheader" aria-label="Drag handle" />
            </>
          ) : null}
          <div role="columnheader">#</div>
          <div role="columnheader">On</div>
          <div role="columnheader">Action</div>
          <div role="columnheader">Chain</div>
          <div role="columnheader">Rule</div>
          <div role="columnheader">Comment</div>
          {canEdit ? (
            <div role="columnheader" className="text-right">
              Order / edit
            </div>
          ) : null}
        </div>
        <div
          ref={containerRef}
          className="relative overflow-y-auto"
          style={{ height: viewportHeight }}
          data-testid="rule-viewport"
        >
          <div style={{ height: totalHeight }} className="relative" role="rowgroup">
            {shown.slice(start, end).map(({ rule, index }, k) => {
              const displayIndex = start + k;
              const dropHere =
                drag && drag.over === displayIndex && drag.over !== drag.from
                  ? drag.over > drag.from
                    ? "below"
                    : "above"
                  : null;
              return (
                <RuleRow
                  key={rule.id}
                  rule={rule}
                  index={index}
                  displayIndex={displayIndex}
                  count={total}
                  selected={selected.has(rule.id)}
                  active={displayIndex === safeActive}
                  dragging={drag?.id === rule.id}
                  drop={dropHere}
                  flash={flash.has(rule.id)}
                  problems={problems.get(rule.id) ?? 0}
                  findings={findings.get(rule.id)}
                  hit={hits.get(rule.id)}
                  unusedDays={unusedDays}
                  highlighted={rule.id === highlightId}
                  canEdit={canEdit}
                  canReorder={canReorder}
                  handlers={handlers}
                />
              );
            })}
          </div>
        </div>
      </div>
      <div className="sr-only" aria-live="assertive" data-testid="reorder-announcement">
        {announcement}
      </div>
    </div>
  );
}

/**
 * Scrolls the page the least needed to show a row the list has already scrolled to. An answer shown elsewhere
 * (the packet tester's verdict) keeps the page where it is when the list is not on screen at all (a phone), so
 * the answer stays in view; going to a rule always brings it on screen.
 */
function revealInWindow(row: HTMLElement, always: boolean): void {
  const list = row.closest<HTMLElement>('[data-testid="rule-viewport"]');
  const listTop = list?.getBoundingClientRect().top ?? 0;
  if (!always && listTop >= window.innerHeight) return;
  const r = row.getBoundingClientRect();
  if (r.top >= 0 && r.bottom <= window.innerHeight) return;
  row.scrollIntoView({ block: "nearest" });
}
