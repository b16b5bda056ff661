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
 * then matched against the source NAT rules (postrouting srcnat), first match wins.
 */

export type NatStep = {
  ruleId: string;
  /** "203.0.113.1:8080" before, "192.168.1.10:80" after (the address that changed, with its port when it has one). */
  from: string;
  to: string;
};
export type NatTestResult = PacketTestResult & {
  /** The packet the filter saw (the destination rewritten when a port forward matched). */
  filtered: Packet;
  dstNat: { matched: NatStep | null; trace: TraceStep[] };
  srcNat: { matched: NatStep | null; trace: TraceStep[] } | null;
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
    srcNat = { matched: null, trace: [] };
    const reasonsOf = ruleMatcher(filtered, content.addressLists);
    for (const n of nat) {
      if (n.kind === "port-forward") continue;
      const reasons = n.enabled ? reasonsOf(asFilterRule(n)) : ["rule is disabled"];
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
export function throughPortForwards(
  content: RuleSetContent,
  packet: Packet,
): { matched: NatStep | null; trace: TraceStep[]; filtered: Packet } {
  const trace: TraceStep[] = [];
  if (packet.chain === "output") return { matched: null, trace, filtered: packet };
  const reasonsOf = ruleMatcher(packet, content.addressLists);
  for (const n of natRulesOf(content)) {
    if (n.kind !== "port-forward") continue;
    const reasons = n.enabled ? reasonsOf(asFilterRule(n)) : ["rule is disabled"];
    trace.push({ ruleId: n.id, matched: reasons.length === 0, reasons });
    if (reasons.length) continue;
    const filtered: Packet = { ...packet, chain: "forward", dst: n.toAddress, dstPort: n.toPort ?? packet.dstPort };
    const matched = {
      ruleId: n.id,
      from: endpoint(packet.dst, packet.dstPort),
      to: endpoint(filtered.dst, filtered.dstPort),
    };
    return { matched, trace, filtered };
  }
  return { matched: null, trace, filtered: packet };
}

/** The match part of a NAT rule in the filter rule's shape, so both are matched by one piece of code. */
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
    },
    () => n.id,
  );
  return rule;
}

function endpoint(address: string, port: number | undefined): string {
  return port === undefined ? address : `${address}:${port}`;
}
