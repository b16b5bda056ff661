import type { AddressFamily } from "../address-format";
import { formatIcmpType, type IcmpVersion } from "../icmp-types";
import { icmpVersion, ttlHolds, type TtlMatch } from "../matchers";
import type { Rule } from "../schema";
import type { Packet } from "./packet-schema";

/**
 * The packet tester's answer for the matchers of lib/rules/matchers.ts. A packet without a TTL is taken to have
 * DEFAULT_TTL (what Linux, Windows 10+ and macOS send), one without "dst-natted" as not port-forwarded, and one
 * without "over limit" as within every rate limit: rate limits are state (the packets before this one), so the
 * tester says what it assumed instead of pretending to know.
 */
export const DEFAULT_TTL = 64;

export function packetTtl(p: Packet): number {
  return p.ttl ?? DEFAULT_TTL;
}

const TTL_WORDS: Record<TtlMatch["op"], string> = {
  equal: "=",
  "not-equal": "≠",
  "less-than": "<",
  "greater-than": ">",
};

/** Why the matchers do not match the packet ([] when they do). `proto` is the packet's protocol number. */
export function matcherMismatches(rule: Rule, p: Packet, family: AddressFamily, proto: number): string[] {
  const reasons: string[] = [];
  const v = icmpVersion(rule);
  const wantProto = v === "icmp" ? 1 : 58;
  if (rule.icmpTypes?.length && v && proto === wantProto) {
    const wanted = rule.icmpTypes.map((t) => formatIcmpType(t, v)).join(", ");
    if (p.icmpType === undefined) reasons.push(`the packet has no ICMP type; the rule needs ${wanted}`);
    else if (
      !rule.icmpTypes.some((t) => t.type === p.icmpType && (t.code === undefined || t.code === (p.icmpCode ?? 0)))
    )
      reasons.push(`ICMP type ${describePacketIcmp(p, v)} is not ${wanted}`);
  }
  if (rule.ttl && !ttlHolds(rule.ttl, packetTtl(p))) {
    const word = family === "ipv4" ? "TTL" : "hop limit";
    const assumed = p.ttl === undefined ? ` (assumed ${DEFAULT_TTL})` : "";
    reasons.push(`${word} ${packetTtl(p)}${assumed} is not ${TTL_WORDS[rule.ttl.op]} ${rule.ttl.value}`);
  }
  if (rule.natState === "dstnat" && !p.dstNatted)
    reasons.push("the connection was not dst-natted; the rule needs a port-forwarded connection");
  if (rule.natState === "not-dstnat" && p.dstNatted)
    reasons.push("the connection was dst-natted; the rule matches only connections that were not");
  if (rule.rateLimit && p.overLimit)
    reasons.push(`the packet is over the rule's rate limit of ${rule.rateLimit.rate}/${rule.rateLimit.per}`);
  return reasons;
}

/** What the tester assumed to let a matching rule match (stated in the trace). */
export function matcherAssumptions(rule: Rule, p: Packet): string[] {
  const out: string[] = [];
  if (rule.rateLimit && !p.overLimit)
    out.push(
      `assumed within the rate limit of ${rule.rateLimit.rate}/${rule.rateLimit.per} (burst ${rule.rateLimit.burst}); over it, the packet goes on to the next rule`,
    );
  if (rule.ttl && p.ttl === undefined) out.push(`assumed TTL ${DEFAULT_TTL}`);
  return out;
}

function describePacketIcmp(p: Packet, v: IcmpVersion): string {
  return formatIcmpType(p.icmpCode === undefined ? { type: p.icmpType! } : { type: p.icmpType!, code: p.icmpCode }, v);
}
