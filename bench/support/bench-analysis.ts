import { analyzeRuleSet } from "@/lib/rules/analysis/analyze-rule-set";
import { sampleRuleSet } from "../../tests/support/sample-rule-set";

/** Milliseconds to analyse a plausible rule set of `n` rules (generation not counted). */
export function benchAnalysis(n: number, seed = 1): number {
  const content = sampleRuleSet(n, seed);
  const start = performance.now();
  analyzeRuleSet(content);
  return performance.now() - start;
}
