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
  const rawAfter = rawRulesAfter(content);
  for (const { chain, analyses } of analyzeChains(content, opts)) {
    for (const analysis of analyses) {
      // "removing it changes no verdict" is unknown when a raw rule the analysis cannot decide comes after it
      if (analysis.status === "redundant" && rawAfter.has(analysis.rule.rule.id)) continue;
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
    // a vendor raw rule (../raw-rule.ts) has no match space the analysis knows: it is left out (rawRulesAfter)
    if (rule.enabled && !rule.raw) byChain[rule.chain].push(compileRule(rule, index, lists));
  });
  return CHAINS.map((chain) => ({ chain, analyses: analyzeChain(byChain[chain], policyFor(chain, opts)) }));
}

/**
 * Rules followed, in their chain, by an enabled vendor raw rule. The analysis leaves raw rules out (it cannot say
 * what they match), so "shadowed" and "never matches" stay true (they only look at earlier rules), but
 * "redundant" (later rules decide its packets alike) is not known past a raw rule and is not reported.
 */
function rawRulesAfter(content: RuleSetContent): Set<string> {
  const out = new Set<string>();
  const seenRaw = new Set<Chain>();
  for (let i = content.rules.length - 1; i >= 0; i--) {
    const r = content.rules[i];
    if (r.raw && r.enabled) seenRaw.add(r.chain);
    else if (seenRaw.has(r.chain)) out.add(r.id);
  }
  return out;
}
