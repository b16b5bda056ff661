import { interfaceMismatch } from "./interface-match";
import { parseAddressSpec, type AddressSpecResult } from "../address";
import type { AddressFamily } from "../address-format";
import { formatPorts } from "../ports";
import type { AddressMatch, Action, AddressList, Rule, RuleSetContent } from "../schema";
import { policyFor, type AnalysisOptions } from "./analyze-rule-set";
import { matcherAssumptions, matcherMismatches } from "./packet-matchers";
import type { Packet } from "./packet-schema";
import { rawSummary, type RawRule } from "../raw-rule";

/**
 * Runs one packet down its chain, first match wins, and says for every rule it passed why it did not match.
 * Works on the rule fields directly (not on the analysis' match spaces), so the two can check each other.
 */

/** `assumptions`: what the tester took for granted to let the rule match (a rate limit's state), when anything. */
export type TraceStep = { ruleId: string; matched: boolean; reasons: string[]; assumptions?: string[] };
export type PacketTestResult = { verdict: Action; decidedBy: string | "default-policy"; trace: TraceStep[] };

type PacketFacts = {
  packet: Packet;
  family: AddressFamily;
  src: bigint;
  dst: bigint;
  proto: number;
  protoName: string;
  lists: ReadonlyMap<string, AddressList>;
};

const FAMILY_NAME: Record<AddressFamily, string> = { ipv4: "IPv4", ipv6: "IPv6" };
const PROTOCOL_NUMBER: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };
const MAX_LISTED_ADDRESSES = 4;

/** `packet` must have passed `packetSchema`; an unparsable address is a caller bug and throws. */
export function testPacket(
  content: RuleSetContent,
  packet: Packet,
  opts?: Pick<AnalysisOptions, "defaultPolicy">,
): PacketTestResult {
  const facts = packetFacts(packet, content.addressLists);
  const trace: TraceStep[] = [];
  for (const rule of content.rules) {
    if (rule.chain !== packet.chain) continue;
    const reasons = rule.enabled ? mismatchReasons(rule, facts) : ["rule is disabled"];
    const assumptions = reasons.length === 0 ? matcherAssumptions(rule, packet) : [];
    trace.push({
      ruleId: rule.id,
      matched: reasons.length === 0,
      reasons,
      ...(assumptions.length ? { assumptions } : {}),
    });
    if (reasons.length === 0) return { verdict: rule.action, decidedBy: rule.id, trace };
  }
  return { verdict: policyFor(packet.chain, opts), decidedBy: "default-policy", trace };
}

/**
 * For each rule, why it does not match `packet` ([] when it does), with the lists it may name. For walking a chain
 * that is not a rule set (the router's chain after a push), one row at a time. Disabled rules still match here:
 * the caller decides what a disabled row means.
 */
export function ruleMatcher(packet: Packet, lists: readonly AddressList[]): (rule: Rule) => string[] {
  const facts = packetFacts(packet, lists);
  return (rule) => mismatchReasons(rule, facts);
}

function packetFacts(packet: Packet, lists: readonly AddressList[]): PacketFacts {
  const src = parseAddressSpec(packet.src);
  const dst = parseAddressSpec(packet.dst);
  if (!src.ok || !dst.ok || src.family !== dst.family) {
    throw new Error(
      `testPacket needs a packet checked by packetSchema (source ${packet.src}, destination ${packet.dst})`,
    );
  }
  const proto = typeof packet.protocol === "number" ? packet.protocol : PROTOCOL_NUMBER[packet.protocol];
  return {
    packet,
    family: src.family,
    src: src.from,
    dst: dst.from,
    proto,
    protoName: protocolName(proto, src.family),
    lists: new Map(lists.map((l) => [l.name, l])),
  };
}

function mismatchReasons(rule: Rule, f: PacketFacts): string[] {
  // A vendor raw rule matches on props the tester does not know: said, and assumed not to match.
  // Its family (the table it lives in) is known.
  const reasons: string[] = [];
  if (rule.family !== "both" && rule.family !== f.family) {
    reasons.push(`rule is for ${FAMILY_NAME[rule.family]} only; the packet is ${FAMILY_NAME[f.family]}`);
  }
  if (rule.raw) return reasons.length ? reasons : [rawRuleAssumption(rule.raw)];
  const protocolReason = protocolMismatch(rule, f);
  if (protocolReason) reasons.push(protocolReason);
  // "protocol udp is not tcp" says enough; port reasons would only repeat it.
  if (protocolReason === null) reasons.push(...portMismatches(rule, f));
  for (const [side, match, address] of [
    ["source", rule.src, f.src],
    ["destination", rule.dst, f.dst],
  ] as const) {
    const reason = addressMismatch(side, match, address, f);
    if (reason) reasons.push(reason);
  }
  for (const [direction, wanted, actual] of [
    ["in", rule.inInterface, f.packet.inInterface],
    ["out", rule.outInterface, f.packet.outInterface],
  ] as const) {
    if (wanted === null) continue;
    const reason = interfaceMismatch(direction, wanted, actual);
    if (reason) reasons.push(reason);
  }
  if (rule.states.length > 0 && !rule.states.includes(f.packet.state)) {
    reasons.push(`state ${f.packet.state} is not ${joinOr(rule.states)}`);
  }
  if (protocolReason === null) reasons.push(...matcherMismatches(rule, f.packet, f.family, f.proto));
  else reasons.push(...matcherMismatches({ ...rule, icmpTypes: undefined }, f.packet, f.family, f.proto));
  return reasons;
}

function protocolMismatch(rule: Rule, f: PacketFacts): string | null {
  const p = rule.protocol;
  if (p === "any") return null;
  if (p === "icmp" && f.family === "ipv6") return "protocol icmp is for IPv4; the packet is IPv6";
  if (p === "icmpv6" && f.family === "ipv4") return "protocol icmpv6 is for IPv6; the packet is IPv4";
  const wanted = typeof p === "number" ? p : PROTOCOL_NUMBER[p];
  return f.proto === wanted ? null : `protocol ${f.protoName} is not ${p}`;
}

function portMismatches(rule: Rule, f: PacketFacts): string[] {
  const reasons: string[] = [];
  const hasPorts = f.proto === 6 || f.proto === 17;
  for (const [side, ranges, port] of [
    ["source", rule.srcPorts, f.packet.srcPort],
    ["destination", rule.dstPorts, f.packet.dstPort],
  ] as const) {
    if (ranges.length === 0) continue;
    if (!hasPorts) {
      reasons.push(`protocol ${f.protoName} has no ports; the rule needs ${side} port ${formatPorts(ranges)}`);
    } else if (port === undefined) {
      reasons.push(`the packet has no ${side} port; the rule needs ${formatPorts(ranges)}`);
    } else if (!ranges.some((r) => port >= r.from && port <= r.to)) {
      reasons.push(`${side} port ${port} not in ${formatPorts(ranges)}`);
    }
  }
  return reasons;
}

function addressMismatch(side: string, match: AddressMatch, address: bigint, f: PacketFacts): string | null {
  if (match.kind === "any") return null;
  const text = side === "source" ? f.packet.src : f.packet.dst;
  let inside: boolean;
  let setName: string;
  if (match.kind === "list") {
    const list = f.lists.get(match.list);
    if (list === undefined) return `address list '${match.list}' does not exist`;
    inside = list.entries.some((e) => specHas(e.address, f.family, address));
    setName = match.list;
  } else {
    inside = match.values.some((v) => specHas(v, f.family, address));
    setName = listAddresses(match.values);
  }
  if (match.negate) return inside ? `${side} ${text} is in ${setName}, which the rule excludes` : null;
  return inside ? null : `${side} ${text} is not in ${setName}`;
}

function specHas(text: string, family: AddressFamily, address: bigint): boolean {
  const spec = parsedSpec(text);
  return spec.ok && spec.family === family && spec.from <= address && address <= spec.to;
}

/**
 * Parsed address texts, kept: a fleet push's lockout guard walks the same chain for every router (each with its
 * own packet) and parsed each rule's addresses again each time. Parsing is pure; the cap bounds the memory.
 */
const PARSED_KEPT = 10_000;
const parsed = new Map<string, AddressSpecResult>();

function parsedSpec(text: string): AddressSpecResult {
  let spec = parsed.get(text);
  if (spec === undefined) {
    if (parsed.size >= PARSED_KEPT) parsed.clear();
    parsed.set(text, (spec = parseAddressSpec(text)));
  }
  return spec;
}

function listAddresses(values: readonly string[]): string {
  if (values.length <= MAX_LISTED_ADDRESSES) return values.join(", ");
  return `${values.slice(0, MAX_LISTED_ADDRESSES).join(", ")} (and ${values.length - MAX_LISTED_ADDRESSES} more)`;
}

function protocolName(proto: number, family: AddressFamily): string {
  if (proto === 6) return "tcp";
  if (proto === 17) return "udp";
  if (proto === 1 && family === "ipv4") return "icmp";
  if (proto === 58 && family === "ipv6") return "icmpv6";
  return String(proto);
}

function joinOr(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** What the trace says at a raw rule: the tester cannot decide it and goes on as if it did not match. */
export function rawRuleAssumption(raw: RawRule): string {
  return `a ${raw.vendor} raw rule (${rawSummary(raw)}): the tester cannot decide it and assumes it does not match`;
}
