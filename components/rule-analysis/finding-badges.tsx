"use client";

import { useEffect, useLayoutEffect, useRef, useState, type MouseEvent } from "react";
import { createPortal } from "react-dom";
import { BADGE_LABEL, type FindingBadge } from "@/lib/analysis/finding-view";
import type { FindingView } from "@/lib/analysis/schemas";

export const BADGE_TONE: Record<FindingBadge, string> = {
  conflict: "bg-red-50 text-red-700 ring-red-200",
  redundant: "bg-amber-50 text-amber-800 ring-amber-200",
  "never-matches": "bg-amber-50 text-amber-800 ring-amber-200",
  "forward-blocked": "bg-red-50 text-red-700 ring-red-200",
  "duplicate-forward": "bg-amber-50 text-amber-800 ring-amber-200",
};

const ORDER: FindingBadge[] = ["conflict", "forward-blocked", "never-matches", "redundant", "duplicate-forward"];

/**
 * A rule row's analysis badges. The title names the earlier rules for a glance; a click opens a popover with the
 * full message and buttons that jump to the rules it names.
 */
export function FindingBadges({ findings, onGoTo }: { findings: FindingView[]; onGoTo: (ruleId: string) => void }) {
  const [open, setOpen] = useState<{ x: number; y: number } | null>(null);
  const badges = ORDER.filter((b) => findings.some((f) => f.badge === b));
  const toggle = (e: MouseEvent<HTMLButtonElement>) => {
    e.stopPropagation();
    const r = e.currentTarget.getBoundingClientRect();
    setOpen(open ? null : { x: r.left, y: r.bottom + 4 });
  };
  return (
    <>
      {badges.map((b) => {
        const these = findings.filter((f) => f.badge === b);
        return (
          <button
            key={b}
            type="button"
            tabIndex={-1}
            onClick={toggle}
            onKeyDown={(e) => e.stopPropagation()}
            title={these.map((f) => f.message).join("\n")}
            aria-label={`${BADGE_LABEL[b]}: ${these.map((f) => f.message).join("; ")}`}
            data-testid="finding-badge"
            data-badge={b}
            className={`shrink-0 rounded px-1.5 py-px text-xs font-medium ring-1 ring-inset ${BADGE_TONE[b]}`}
          >
            {BADGE_LABEL[b]}
            {these[0].byPositions.length ? (
              <span className="ml-1 font-normal opacity-80">
                #{these[0].byPositions.slice(0, 3).join(", #")}
                {these[0].byPositions.length > 3 ? "…" : ""}
              </span>
            ) : null}
          </button>
        );
      })}
      {open ? <FindingPopover at={open} findings={findings} onGoTo={onGoTo} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

function FindingPopover({
  at,
  findings,
  onGoTo,
  onClose,
}: {
  at: { x: number; y: number };
  findings: FindingView[];
  onGoTo: (id: string) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState(at);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    setPos({
      x: Math.max(8, Math.min(at.x, window.innerWidth - width - 8)),
      y: at.y + height > window.innerHeight - 8 ? Math.max(8, at.y - height - 32) : at.y,
    });
  }, [at]);
  useEffect(() => {
    const away = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const key = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    document.addEventListener("pointerdown", away, true);
    document.addEventListener("keydown", key);
    window.addEventListener("scroll", onClose, true);
    return () => {
      document.removeEventListener("pointerdown", away, true);
      document.removeEventListener("keydown", key);
      window.removeEventListener("scroll", onClose, true);
    };
  }, [onClose]);
  return createPortal(
    <div
      ref={ref}
      role="dialog"
      aria-label="Rule analysis"
      data-testid="finding-popover"
      onClick={(e) => e.stopPropagation()}
      style={{ left: pos.x, top: pos.y }}
      className="fixed z-50 w-[26rem] max-w-[calc(100vw-1rem)] space-y-2 rounded-md border border-slate-200 bg-white p-3 text-xs text-slate-700 shadow-lg"
    >
      {findings.map((f, i) => (
        <div key={i} className="space-y-1">
          <p>
            <span className={`mr-1.5 rounded px-1 py-px font-medium ring-1 ring-inset ${BADGE_TONE[f.badge]}`}>
              {BADGE_LABEL[f.badge]}
            </span>
            {f.message}
          </p>
          {f.byRuleIds.length ? (
            <p className="flex flex-wrap items-center gap-1 text-slate-500">
              {f.kind === "redundant" ? "Decided alike by" : "Decided first by"}
              {f.byRuleIds.map((id, k) => (
                <button
                  key={id}
                  type="button"
                  className="rounded bg-slate-100 px-1.5 text-sky-800 hover:bg-sky-100"
                  onClick={() => {
                    onGoTo(id);
                    onClose();
                  }}
                >
                  rule #{f.byPositions[k] ?? "?"}
                </button>
              ))}
            </p>
          ) : null}
        </div>
      ))}
    </div>,
    document.body,
  );
}
