import { describeRule } from "@/lib/rules/describe";
import { analyzeRuleSet, testPacket, type AnalysisOptions, type Packet } from "@/lib/rules/analysis";
import type { RuleSetContent } from "@/lib/rules/schema";
import { badgeOf, countFindings, positionsOf } from "./finding-view";
import type { FindingView, PacketTestView, TraceStepView } from "./schemas";

/** Analysis and packet-test results as the views the API returns and the UI renders. Browser-safe. */

export function analysisView(content: RuleSetContent, opts?: AnalysisOptions) {
  const started = performance.now();
  const { findings } = analyzeRuleSet(content, opts);
  const elapsedMs = Math.round(performance.now() - started);
  const position = new Map(content.rules.map((r, i) => [r.id, i]));
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
  const result = testPacket(content, packet, opts);
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
    chain: packet.chain,
    decidedBy:
      result.decidedBy === "default-policy" ? null : (trace.find((s) => s.ruleId === result.decidedBy) ?? null),
    defaultPolicy: opts?.defaultPolicy?.[packet.chain] ?? "accept",
    trace,
  };
}
