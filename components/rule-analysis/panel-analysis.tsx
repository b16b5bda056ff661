"use client";

import { BADGE_LABEL } from "@/lib/analysis/finding-view";
import type { FindingView } from "@/lib/analysis/schemas";
import { BADGE_TONE } from "./finding-badges";

export type PanelAnalysisView =
  | { state: "waiting" }
  | { state: "invalid" }
  | {
      state: "ready";
      pending: boolean;
      own: FindingView[];
      /** Later rules this one keeps from ever matching. */ caused: FindingView[];
    };

/** The side panel's analysis line for the rule being edited, updated as the admin types. */
export function PanelAnalysis({ view }: { view: PanelAnalysisView }) {
  const box = "mb-3 max-h-32 space-y-1 overflow-y-auto rounded-md border px-3 py-2 text-xs";
  if (view.state !== "ready") {
    return (
      <div className={`${box} border-slate-200 text-slate-500`} data-testid="panel-analysis" data-state={view.state}>
        {view.state === "invalid"
          ? "Analysis resumes once the fields above are valid."
          : "Analysing against the other rules…"}
      </div>
    );
  }
  const worst = view.own.some((f) => f.severity === "error")
    ? "error"
    : view.own.length || view.caused.length
      ? "warning"
      : "ok";
  const tone =
    worst === "error"
      ? "border-red-200 bg-red-50/40"
      : worst === "warning"
        ? "border-amber-200 bg-amber-50/40"
        : "border-slate-200";
  return (
    <div className={`${box} ${tone} text-slate-700`} data-testid="panel-analysis" data-state={worst} aria-live="polite">
      {view.own.length === 0 ? (
        <p className="text-emerald-800">
          Reachable: no earlier rule decides all of its packets{view.pending ? " (updating…)" : ""}.
        </p>
      ) : (
        view.own.map((f, i) => (
          <p key={i}>
            <span className={`mr-1.5 rounded px-1 py-px font-medium ring-1 ring-inset ${BADGE_TONE[f.badge]}`}>
              {BADGE_LABEL[f.badge]}
            </span>
            {f.message}
            {view.pending && i === 0 ? <span className="text-slate-400"> (updating…)</span> : null}
          </p>
        ))
      )}
      {view.caused.length ? (
        <p>
          With this rule, {view.caused.length === 1 ? "rule" : "rules"}{" "}
          {view.caused.map((f) => `#${f.position} (${BADGE_LABEL[f.badge]})`).join(", ")} never{" "}
          {view.caused.length === 1 ? "matches" : "match"}.
        </p>
      ) : null}
    </div>
  );
}
