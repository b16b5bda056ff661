/**
 * The matchers of lib/rules/matchers.ts as fw4 rule options, and back (docs/openwrt-fw4-chains.md "Matchers"):
 * - ICMP types: `list icmp_type`, written as numbers (`8`, `3/4`): fw4 takes `type` and `type/code` for both
 *   ICMP versions, so no name table has to agree with the router's. Names are read too (stock rules use them).
 * - Rate limit: `limit '<n>/<unit>'` and `limit_burst '<n>'`, always both; fw4 renders nft `limit rate n/unit
 *   burst b packets`, and nft's burst without `limit_burst` is 5 packets.
 * - NAT state and TTL / hop limit: a fw4 `rule` section has no option for either (the `extra` option is
 *   iptables-only and ignored by fw4), so a rule using them is refused at preview, naming the field.
 */
import { parseIcmpType, type IcmpVersion } from "@/lib/rules/icmp-types";
import { icmpVersion, RATE_UNITS, type IcmpTypeMatch, type RateLimit } from "@/lib/rules/matchers";
import type { Rule } from "@/lib/rules/schema";
import type { UciValue } from "./section-spec";

/** nft's burst when a rule gives none (nftables parser: `limit_burst_pkts` defaults to 5). */
export const NFT_DEFAULT_BURST = 5;

export function matcherIssues(rule: Rule): [string, string][] {
  const out: [string, string][] = [];
  if (rule.natState)
    out.push([
      "natState",
      "OpenWrt (fw4) rules cannot match a connection's NAT state; remove the NAT-state condition for this router",
    ]);
  if (rule.ttl)
    out.push(["ttl", "OpenWrt (fw4) rules cannot match TTL or hop limit; remove the TTL condition for this router"]);
  return out;
}

/** Options after the ports, in this order: icmp_type, limit, limit_burst. */
export function matcherOptions(rule: Rule): [string, UciValue][] {
  const o: [string, UciValue][] = [];
  if (rule.icmpTypes?.length && icmpVersion(rule))
    o.push(["icmp_type", rule.icmpTypes.map((t) => (t.code === undefined ? `${t.type}` : `${t.type}/${t.code}`))]);
  if (rule.rateLimit) {
    o.push(["limit", `${rule.rateLimit.rate}/${rule.rateLimit.per}`]);
    o.push(["limit_burst", String(rule.rateLimit.burst)]);
  }
  return o;
}

export const MATCHER_OPTIONS = ["icmp_type", "limit", "limit_burst"];
type Skip = { field: string; reason: string };

/** icmp_type items for a rule of protocol `v` (names resolve per ICMP version). */
export function importIcmpTypes(values: string[], v: IcmpVersion): IcmpTypeMatch[] | Skip {
  const out: IcmpTypeMatch[] = [];
  for (const text of values) {
    if (text.startsWith("!"))
      return { field: "icmp_type", reason: `icmp_type ${text}: a negated type cannot be expressed` };
    const t = parseIcmpType(text, v);
    if (!t)
      return {
        field: "icmp_type",
        reason: `icmp_type ${text} is not an ${v === "icmp" ? "ICMP" : "ICMPv6"} type Rampart knows`,
      };
    if (!out.some((u) => u.type === t.type && u.code === t.code)) out.push(t);
  }
  return out;
}

/** `limit` and `limit_burst` -> the model's rate limit (undefined when the rule has no limit). */
export function importRateLimit(limit: string | undefined, burst: string | undefined): RateLimit | undefined | Skip {
  if (limit === undefined) {
    if (burst !== undefined) return { field: "limit_burst", reason: "limit_burst without limit does nothing on fw4" };
    return undefined;
  }
  const m = /^(\d+)(?:\/([a-z]+))?$/.exec(limit.trim().toLowerCase());
  const unit = m?.[2] === undefined ? "second" : RATE_UNITS.find((u) => u.startsWith(m[2]!));
  const rate = m ? Number(m[1]) : NaN;
  const b = burst === undefined ? NFT_DEFAULT_BURST : /^\d+$/.test(burst.trim()) ? Number(burst) : NaN;
  if (!m || !unit || !(rate >= 1 && rate <= 1_000_000))
    return { field: "limit", reason: `limit ${limit} is not <1-1000000>/<second|minute|hour|day>` };
  if (!(b >= 1 && b <= 1_000_000)) return { field: "limit_burst", reason: `limit_burst ${burst} is not 1-1000000` };
  return { rate, per: unit, burst: b };
}
