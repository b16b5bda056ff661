import { natRulesOf } from "../make-nat-rule";
import { makeRule } from "../make-rule";
import type { NatRule, Rule, RuleSetContent } from "../schema";
import type { AnalysisOptions } from "./analyze-rule-set";
import type { Packet } from "./packet-schema";
import { ruleMatcher, testPacket, type PacketTestResult, type TraceStep } from "./packet-tester";

/**
 * A packet through NAT and then the filter, in the order a router takes them (docs/nat.md "Packet tester"):
 * a packet arriving from outside meets the port forwards first (prerouting dstnat); the first enabled one that
 * matches rewrites its destination, and the router then routes it on to the inside host, so the filter rules it
 * meets are the forward chain's, with the rewritten destination. A packet the filter accepts on its way out is
 * then matched against the source NAT rules (postrouting srcnat), first match wins. A raw NAT rule is met in
 * the step its kind describes (a RouterOS dstnat row is a port forward, srcnat source NAT); the tester cannot
 * decide it, says so in the trace, goes on as if it did not match, and lists it in the step's `undecided`.
 */

export type NatStep = {
  ruleId: string;
  /** "203.0.113.1:8080" before, "192.168.1.10:80" after (the address that changed, with its port when it has one). */
  from: string;
  to: string;
};
/**
 * One NAT step. `undecided`: raw NAT rules the packet met before the step's answer (../raw-rule.ts), which the
 * tester cannot decide: any of them may have rewritten the packet first, so the answer holds only if none matched.
 */
export type NatStepResult = { matched: NatStep | null; trace: TraceStep[]; undecided: string[] };
export type NatTestResult = PacketTestResult & {
  /** The packet the filter saw (the destination rewritten when a port forward matched). */
  filtered: Packet;
  dstNat: NatStepResult;
  srcNat: NatStepResult | null;
};

export function testPacketThroughNat(
  content: RuleSetContent,
  packet: Packet,
  opts?: Pick<AnalysisOptions, "defaultPolicy">,
): NatTestResult {
  const nat = natRulesOf(content);
  const { filtered, ...dstNat } = throughPortForwards(content, packet);
  const result = testPacket(content, filtered, opts);
  let srcNat: NatTestResult["srcNat"] = null;
  if (result.verdict === "accept" && filtered.chain !== "input" && filtered.outInterface) {
    srcNat = { matched: null, trace: [], undecided: [] };
    const reasonsOf = ruleMatcher(filtered, content.addressLists);
    for (const n of nat) {
      if (n.kind === "port-forward") continue;
      const reasons = n.enabled ? reasonsOf(asFilterRule(n)) : ["rule is disabled"];
      if (n.raw && n.enabled) srcNat.undecided.push(n.id);
      srcNat.trace.push({ ruleId: n.id, matched: reasons.length === 0, reasons });
      if (reasons.length) continue;
      const to = n.kind === "snat" ? n.toAddress : `the address of ${filtered.outInterface}`;
      srcNat.matched = { ruleId: n.id, from: filtered.src, to };
      break;
    }
  }
  return { ...result, filtered, dstNat, srcNat };
}

/**
 * Prerouting alone: the port forwards in order, the first enabled one that matches rewriting the destination
 * (the packet then goes on to the forward chain). Only packets arriving from outside meet it; a packet the router
 * sends itself (output) does not. The lockout guard asks this of Rampart's own connection.
 */
export function throughPortForwards(content: RuleSetContent, packet: Packet): NatStepResult & { filtered: Packet } {
  const trace: TraceStep[] = [];
  const undecided: string[] = [];
  if (packet.chain === "output") return { matched: null, trace, undecided, filtered: packet };
  const reasonsOf = ruleMatcher(packet, content.addressLists);
  for (const n of natRulesOf(content)) {
    if (n.kind !== "port-forward") continue;
    const reasons = n.enabled ? reasonsOf(asFilterRule(n)) : ["rule is disabled"];
    if (n.raw && n.enabled) undecided.push(n.id);
    trace.push({ ruleId: n.id, matched: reasons.length === 0, reasons });
    if (reasons.length) continue;
    const filtered: Packet = { ...packet, chain: "forward", dst: n.toAddress, dstPort: n.toPort ?? packet.dstPort };
    const matched = {
      ruleId: n.id,
      from: endpoint(packet.dst, packet.dstPort),
      to: endpoint(filtered.dst, filtered.dstPort),
    };
    return { matched, trace, undecided, filtered };
  }
  return { matched: null, trace, undecided, filtered: packet };
}

/**
 * The match part of a NAT rule in the filter rule's shape, so both are matched by one piece of code. A raw NAT
 * rule stays raw: the matcher then says it cannot decide it, and never counts it as a match.
 */
export function asFilterRule(n: NatRule): Rule {
  // makeRule fills every filter field a NAT rule has no word for with its "matches anything" default.
  const rule = makeRule(
    {
      chain: n.kind === "port-forward" ? "input" : "forward",
      family: "ipv4",
      protocol: n.protocol,
      src: n.src,
      dst: n.dst,
      dstPorts: n.dstPorts,
      inInterface: n.inInterface,
      outInterface: n.outInterface,
      comment: n.comment,
      enabled: n.enabled,
      ...(n.raw ? { raw: n.raw } : {}),
    },
    () => n.id,
  );
  return rule;
}

function endpoint(address: string, port: number | undefined): string {
  return port === undefined ? address : `${address}:${port}`;
}
