"use client";

import { countLabel, FINDING_BADGES } from "@/lib/analysis/finding-view";
import type { RuleAnalysisState } from "./use-rule-analysis";
import { BADGE_TONE } from "./finding-badges";

type Props = {
  analysis: RuleAnalysisState;
  onlyFindings: boolean;
  setOnlyFindings: (on: boolean) => void;
  testerOpen: boolean;
  toggleTester: () => void;
};

/** One quiet line above the list: what the analysis found, the findings filter, and the packet tester toggle. */
export function FindingsSummary({ analysis, onlyFindings, setOnlyFindings, testerOpen, toggleTester }: Props) {
  const { result, pending, error } = analysis;
  const counts = result?.counts;
  const total = counts ? counts.errors + counts.warnings : 0;
  return (
    <div
      className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600"
      data-testid="findings-summary"
      aria-live="polite"
    >
      <span className="font-medium text-slate-700">Analysis</span>
      {error ? (
        <span className="text-red-700">could not run: {error}</span>
      ) : !counts ? (
        <span className="text-slate-400">analysing…</span>
      ) : total === 0 ? (
        <span className="text-emerald-700" data-testid="findings-none">
          no shadowed or redundant rules
        </span>
      ) : (
        FINDING_BADGES.filter((b) => counts[b] > 0).map((b) => (
          <span
            key={b}
            className={`rounded px-1.5 py-px ring-1 ring-inset ${BADGE_TONE[b]}`}
            data-testid={`findings-count-${b}`}
          >
            {countLabel(b, counts[b])}
          </span>
        ))
      )}
      {counts && pending ? (
        <span className="text-slate-400">updating…</span>
      ) : counts ? (
        <span className="text-slate-400" title="Time the last analysis took, in a background worker">
          {result.ruleCount} rules in {result.elapsedMs} ms
        </span>
      ) : null}
      {total > 0 || onlyFindings ? (
        <label className="flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={onlyFindings}
            onChange={(e) => setOnlyFindings(e.target.checked)}
            data-testid="only-findings"
          />
          show only rules with findings
        </label>
      ) : null}
      <button
        type="button"
        onClick={toggleTester}
        aria-expanded={testerOpen}
        data-testid="packet-tester-toggle"
        className={`ml-auto rounded-md border px-2 py-1 text-xs ${testerOpen ? "border-sky-600 bg-sky-50 text-sky-800" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"}`}
      >
        Test a packet
      </button>
    </div>
  );
}
