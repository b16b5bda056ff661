import { CHAINS, type Action, type Chain, type RuleSetContent } from "../schema";
import { analyzeChain, type RuleAnalysis } from "./chain-analysis";
import { compileRule, resolveAddressLists, type CompiledRule } from "./compile-rule";
import { findingFor, type Finding } from "./findings";
import { natFindings } from "./nat-findings";

export type AnalysisOptions = {
  /** What a chain does with a packet no rule matches; accept unless given. */
  defaultPolicy?: Partial<Record<Chain, Action>>;
};

export type RuleSetAnalysis = {
  /** In rule-set order. */
  findings: Finding[];
  /** Every rule id of the content, with [] for rules without findings. */
  byRule: Record<string, Finding[]>;
};

export function policyFor(chain: Chain, opts?: AnalysisOptions): Action {
  return opts?.defaultPolicy?.[chain] ?? "accept";
}

/**
 * Shadowed, conflicting and redundant rules of a rule set. Disabled rules are ignored; each chain is analysed
 * on its own against its default policy. See ./chain-analysis.ts for the method.
 */
export function analyzeRuleSet(content: RuleSetContent, opts?: AnalysisOptions): RuleSetAnalysis {
  const byRule: Record<string, Finding[]> = {};
  for (const rule of content.rules) byRule[rule.id] = [];

  const findings: Finding[] = [];
  for (const { chain, analyses } of analyzeChains(content, opts)) {
    for (const analysis of analyses) {
      const finding = findingFor(analysis, chain, policyFor(chain, opts));
      if (finding === null) continue;
      findings.push(finding);
      byRule[finding.ruleId].push(finding);
    }
  }
  const position = new Map(content.rules.map((r, i) => [r.id, i]));
  findings.sort((a, b) => (position.get(a.ruleId) ?? 0) - (position.get(b.ruleId) ?? 0));
  // NAT findings after the filter rules', in NAT order.
  for (const f of natFindings(content, opts)) {
    findings.push(f);
    (byRule[f.ruleId] ??= []).push(f);
  }
  return { findings, byRule };
}

/** The per-rule analysis behind the findings, with an example packet for every rule that decides any. */
export function analyzeChains(
  content: RuleSetContent,
  opts?: AnalysisOptions,
): { chain: Chain; analyses: RuleAnalysis[] }[] {
  const lists = resolveAddressLists(content.addressLists);
  const byChain: Record<Chain, CompiledRule[]> = { input: [], forward: [], output: [] };
  content.rules.forEach((rule, index) => {
    if (rule.enabled) byChain[rule.chain].push(compileRule(rule, index, lists));
  });
  return CHAINS.map((chain) => ({ chain, analyses: analyzeChain(byChain[chain], policyFor(chain, opts)) }));
}
