import { describeRule } from "@/lib/rules/describe";
import { analyzeRuleSet, type AnalysisOptions, type Packet } from "@/lib/rules/analysis";
import { testPacketThroughNat } from "@/lib/rules/analysis/nat-tester";
import { describeNatRule } from "@/lib/rules/describe-nat";
import { natRulesOf } from "@/lib/rules/make-nat-rule";
import type { RuleSetContent } from "@/lib/rules/schema";
import { badgeOf, countFindings, positionsOf } from "./finding-view";
import type { FindingView, NatTraceView, PacketTestView, TraceStepView } from "./schemas";

/** Analysis and packet-test results as the views the API returns and the UI renders. Browser-safe. */

export function analysisView(content: RuleSetContent, opts?: AnalysisOptions) {
  const started = performance.now();
  const { findings } = analyzeRuleSet(content, opts);
  const elapsedMs = Math.round(performance.now() - started);
  const position = new Map(content.rules.map((r, i) => [r.id, i]));
  // A NAT finding's position is the rule's among the NAT rules (its kind says which list).
  natRulesOf(content).forEach((n, i) => position.set(n.id, i));
  const views: FindingView[] = findings.map((f) => ({
    ...f,
    position: (position.get(f.ruleId) ?? 0) + 1,
    badge: badgeOf(f),
    byPositions: positionsOf(f.byRuleIds, position),
  }));
  return { ruleCount: content.rules.length, counts: countFindings(findings), findings: views, elapsedMs };
}

export function packetTestView(
  content: RuleSetContent,
  packet: Packet,
  opts?: Pick<AnalysisOptions, "defaultPolicy">,
): PacketTestView {
  const result = testPacketThroughNat(content, packet, opts);
  const nat = natRulesOf(content);
  const natIndex = new Map(nat.map((n, i) => [n.id, i]));
  const natTrace = (t: {
    matched: { ruleId: string; from: string; to: string } | null;
    trace: typeof result.trace;
    undecided: string[];
  }): NatTraceView => ({
    matched: t.matched && { ...t.matched, position: natIndex.get(t.matched.ruleId)! + 1 },
    // raw NAT rules met first: only present when there are some, so other answers stay as they were
    ...(t.undecided.length ? { undecided: t.undecided.map((id) => natIndex.get(id)! + 1) } : {}),
    trace: t.trace.map((s) => {
      const n = nat[natIndex.get(s.ruleId)!];
      return {
        ruleId: s.ruleId,
        position: natIndex.get(s.ruleId)! + 1,
        description: describeNatRule(n),
        comment: n.comment,
        matched: s.matched,
        reasons: s.reasons,
      };
    }),
  });
  const byId = new Map(content.rules.map((r, i) => [r.id, { rule: r, index: i }]));
  const step = (ruleId: string, matched: boolean, reasons: string[], assumptions?: string[]): TraceStepView => {
    const { rule, index } = byId.get(ruleId)!;
    return {
      ruleId,
      position: index + 1,
      description: describeRule(rule),
      comment: rule.comment,
      action: rule.action,
      matched,
      reasons,
      ...(assumptions ? { assumptions } : {}),
    };
  };
  const trace = result.trace.map((s) => step(s.ruleId, s.matched, s.reasons, s.assumptions));
  return {
    verdict: result.verdict,
    chain: result.filtered.chain,
    decidedBy:
      result.decidedBy === "default-policy" ? null : (trace.find((s) => s.ruleId === result.decidedBy) ?? null),
    defaultPolicy: opts?.defaultPolicy?.[result.filtered.chain] ?? "accept",
    trace,
    // Only sets with NAT rules say so, so a set without them answers exactly as before.
    ...(nat.length
      ? {
          dstNat: natTrace(result.dstNat),
          srcNat: result.srcNat && natTrace(result.srcNat),
        }
      : {}),
  };
}
