import { int, ms } from "../support/format";
import type { Scenario } from "../types";

const RUNS = 3;
const LIMIT_MS = 1000;

export const shadowAnalysis: Scenario = {
  id: "shadow-analysis",
  title: (s) => `shadow analysis of ${int(s.analysisRules)} rules`,
  baseline: () => "—",
  target: () => "< 1 s (every run, the first cold one included)",
  async run(ctx) {
    let mod: typeof import("@/lib/rules/analysis/bench-analysis");
    try {
      mod = await import("@/lib/rules/analysis/bench-analysis");
    } catch (e) {
      return { measured: "not available yet: lib/rules/analysis/bench-analysis.ts did not load", verdict: "N/A", note: String(e), details: { available: false } };
    }
    const n = ctx.sizes.analysisRules;
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(mod.benchAnalysis(n, 1 + i));
      ctx.log(`shadow-analysis: run ${i + 1} ${ms(runs[i])}`);
    }
    const worst = Math.max(...runs);
    const sorted = [...runs].sort((a, b) => a - b);
    return {
      measured: `worst ${ms(worst)} of ${RUNS} runs (first ${ms(runs[0])}, median ${ms(sorted[1])})`,
      verdict: worst < LIMIT_MS ? "PASS" : "FAIL",
      note: `benchAnalysis(${n}) from lib/rules/analysis (sample rule sets with seeds 1-${RUNS}, generation not timed), in the bench process`,
      details: { rules: n, runsMs: runs, worstMs: worst, limitMs: LIMIT_MS },
    };
  },
};
