import { z } from "zod";
import { formatIcmpType, type IcmpVersion } from "./icmp-types";

/**
 * Matchers beyond addresses, ports and states (issue #20): ICMP/ICMPv6 types, the connection's NAT state, TTL
 * (IPv4) / hop limit (IPv6), and a packet rate limit. Every field is optional and absent means "no condition",
 * so revisions stored before these fields existed parse to the same rules, hash the same and compile to the same
 * router config. An empty `icmpTypes` list means no condition too.
 */

const byte = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be 0-255`)
    .max(255, `${what} must be 0-255`);

export const MAX_ICMP_TYPES = 32;

/** One ICMP message type, optionally narrowed to one code. */
export const icmpTypeMatchSchema = z.object({ type: byte("ICMP type"), code: byte("ICMP code").optional() });
export type IcmpTypeMatch = z.infer<typeof icmpTypeMatchSchema>;

export const icmpTypesSchema = z
  .array(icmpTypeMatchSchema)
  .max(MAX_ICMP_TYPES, `at most ${MAX_ICMP_TYPES} ICMP types per rule`);

/** The connection's destination NAT: "dstnat" = it was port-forwarded (RouterOS connection-nat-state). */
export const NAT_STATES = ["dstnat", "not-dstnat"] as const;
export const natStateSchema = z.enum(NAT_STATES, { error: "NAT state must be dstnat or not-dstnat" });
export type NatState = z.infer<typeof natStateSchema>;

/** TTL of an IPv4 packet, hop limit of an IPv6 one: both count hops left, and both vendors compare them alike. */
export const TTL_OPS = ["equal", "not-equal", "less-than", "greater-than"] as const;
export const ttlMatchSchema = z.object({
  op: z.enum(TTL_OPS, { error: "TTL comparison must be equal, not-equal, less-than or greater-than" }),
  value: byte("TTL"),
});
export type TtlMatch = z.infer<typeof ttlMatchSchema>;

export const RATE_UNITS = ["second", "minute", "hour", "day"] as const;
export const MAX_RATE = 1_000_000;
export const MAX_BURST = 1_000_000;
/**
 * A token bucket on packets: the rule matches while packets come at most `rate` per `per`, plus `burst` packets
 * at once; beyond that it does not match and the packet goes on down the chain.
 */
export const rateLimitSchema = z.object({
  rate: z
    .number({ error: "rate must be a number" })
    .int("rate must be a whole number")
    .min(1, "rate must be at least 1")
    .max(MAX_RATE, `rate must be at most ${MAX_RATE.toLocaleString("en-US")}`),
  per: z.enum(RATE_UNITS, { error: "rate is per second, minute, hour or day" }),
  burst: z
    .number({ error: "burst must be a number" })
    .int("burst must be a whole number")
    .min(1, "burst must be at least 1")
    .max(MAX_BURST, `burst must be at most ${MAX_BURST.toLocaleString("en-US")}`),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

/** The schema fields, spread into ruleFieldsSchema. */
export const matcherFields = {
  icmpTypes: icmpTypesSchema
    .optional()
    .describe("ICMP/ICMPv6 types (with protocol icmp or icmpv6); absent or empty = any type"),
  natState: natStateSchema.optional().describe("the connection's destination NAT; absent = any (RouterOS only)"),
  ttl: ttlMatchSchema.optional().describe("TTL (IPv4) / hop limit (IPv6) comparison; absent = any (RouterOS only)"),
  rateLimit: rateLimitSchema
    .optional()
    .describe("match at most `rate` packets per `per`, plus `burst`; packets over it go on to the next rule"),
};

type MatcherRule = {
  protocol: unknown;
  family: string;
  icmpTypes?: IcmpTypeMatch[];
  natState?: NatState;
  ttl?: TtlMatch;
  rateLimit?: RateLimit;
};

/** The rule's ICMP version when it matches ICMP types (protocol icmp or icmpv6), else null. */
export function icmpVersion(rule: { protocol: unknown }): IcmpVersion | null {
  return rule.protocol === "icmp" || rule.protocol === "icmpv6" ? rule.protocol : null;
}

export function hasIcmpTypes(rule: { icmpTypes?: IcmpTypeMatch[] }): boolean {
  return (rule.icmpTypes?.length ?? 0) > 0;
}

/** Checks between the matchers and the rest of the rule (wired into checkRule). */
export function checkMatchers(rule: MatcherRule, issue: (path: (string | number)[], message: string) => void): void {
  const types = rule.icmpTypes ?? [];
  if (types.length > 0 && icmpVersion(rule) === null) issue(["icmpTypes"], "ICMP types need protocol icmp or icmpv6");
  const valid = types.filter((t) => t && typeof t.type === "number");
  const allCodes = new Set(valid.filter((t) => t.code === undefined).map((t) => t.type));
  const seen = new Set<string>();
  types.forEach((t, i) => {
    if (!t || typeof t.type !== "number") return;
    const key = `${t.type}/${t.code ?? "*"}`;
    const name = formatIcmpType(t, icmpVersion(rule) ?? "icmp");
    if (seen.has(key)) issue(["icmpTypes", i], `ICMP type ${name} is listed twice`);
    else if (t.code !== undefined && allCodes.has(t.type))
      issue(["icmpTypes", i], `ICMP type ${name} is already matched by every code of type ${t.type}`);
    seen.add(key);
  });
  const ttl = rule.ttl;
  if (ttl && typeof ttl.value === "number") {
    if (ttl.op === "less-than" && ttl.value === 0) issue(["ttl", "value"], "no packet has a TTL less than 0");
    if (ttl.op === "greater-than" && ttl.value === 255) issue(["ttl", "value"], "no packet has a TTL over 255");
  }
}

/** "type echo-request, 130/0" (said right after the protocol), or null. */
export function describeIcmpTypes(rule: MatcherRule): string | null {
  const v = icmpVersion(rule);
  if (!rule.icmpTypes?.length || !v) return null;
  return `type ${rule.icmpTypes.map((t) => formatIcmpType(t, v)).join(", ")}`;
}

/** "with TTL < 2", "if dst-natted", "at most 10/second (burst 5)". */
export function describeConditions(rule: MatcherRule): string[] {
  const parts: string[] = [];
  if (rule.ttl) {
    const word = rule.family === "ipv6" ? "hop limit" : rule.family === "ipv4" ? "TTL" : "TTL/hop limit";
    const op = { equal: "=", "not-equal": "≠", "less-than": "<", "greater-than": ">" }[rule.ttl.op];
    parts.push(`with ${word} ${op} ${rule.ttl.value}`);
  }
  if (rule.natState) parts.push(rule.natState === "dstnat" ? "if dst-natted" : "if not dst-natted");
  if (rule.rateLimit)
    parts.push(`at most ${rule.rateLimit.rate}/${rule.rateLimit.per} (burst ${rule.rateLimit.burst})`);
  return parts;
}

/** Whether `ttl` (0-255) satisfies the comparison. */
export function ttlHolds(m: TtlMatch, ttl: number): boolean {
  switch (m.op) {
    case "equal":
      return ttl === m.value;
    case "not-equal":
      return ttl !== m.value;
    case "less-than":
      return ttl < m.value;
    case "greater-than":
      return ttl > m.value;
  }
}

/** The TTL values a comparison holds, as inclusive ranges within 0-255. */
export function ttlRanges(m: TtlMatch): [number, number][] {
  switch (m.op) {
    case "equal":
      return [[m.value, m.value]];
    case "not-equal":
      return [
        [0, m.value - 1],
        [m.value + 1, 255],
      ].filter(([a, b]) => a <= b) as [number, number][];
    case "less-than":
      return m.value === 0 ? [] : [[0, m.value - 1]];
    case "greater-than":
      return m.value === 255 ? [] : [[m.value + 1, 255]];
  }
}
