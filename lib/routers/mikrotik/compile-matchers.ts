import { icmpVersion, type RateLimit, type TtlMatch } from "@/lib/rules/matchers";
import type { Rule } from "@/lib/rules/schema";
import type { RosFamily } from "./firewall-props";

/**
 * The matchers of lib/rules/matchers.ts as RouterOS filter properties, and back (docs/routeros-facts.md "Matchers"):
 * - ICMP type: `icmp-options=type:code`, one value per row; every code is written `type:0-255`. A rule with several
 *   types is refused at preview (one rule per type), never split into rows the rule set does not show.
 * - TTL: `ttl=<op>:<n>` in /ip, `hop-limit=<op>:<n>` in /ipv6; op equal, not-equal, less-than, greater-than.
 * - NAT state: `connection-nat-state=dstnat` or `!dstnat`.
 * - Rate limit: `limit=<rate>/<1s|1m|1h|1d>,<burst>:packet`, always with burst and mode (no router default relied on).
 */
const UNIT: Record<RateLimit["per"], string> = { second: "1s", minute: "1m", hour: "1h", day: "1d" };
const TTL_OPS = new Set(["equal", "not-equal", "less-than", "greater-than"]);

/** Why RouterOS cannot express the rule's matchers, as [field, message], or [] when it can. */
export function matcherIssues(rule: Rule): [string, string][] {
  const types = rule.icmpTypes ?? [];
  if (types.length > 1)
    return [
      [
        "icmpTypes",
        `RouterOS matches one ICMP type per rule (icmp-options); this rule lists ${types.length}: make one rule per type`,
      ],
    ];
  return [];
}

/** The filter properties the rule's matchers add to its row in `family`'s table. */
export function matcherProps(rule: Rule, family: RosFamily): Record<string, string> {
  const out: Record<string, string> = {};
  if (rule.natState) out["connection-nat-state"] = rule.natState === "dstnat" ? "dstnat" : "!dstnat";
  const t = rule.icmpTypes?.[0];
  if (t && icmpVersion(rule)) out["icmp-options"] = `${t.type}:${t.code ?? "0-255"}`;
  if (rule.ttl) out[family === "ipv4" ? "ttl" : "hop-limit"] = `${rule.ttl.op}:${rule.ttl.value}`;
  if (rule.rateLimit) {
    const l = rule.rateLimit;
    out.limit = `${l.rate}/${UNIT[l.per]},${l.burst}:packet`;
  }
  return out;
}

export const MATCHER_PROPS = ["connection-nat-state", "icmp-options", "ttl", "hop-limit", "limit"];

type Matchers = Pick<Rule, "icmpTypes" | "natState" | "ttl" | "rateLimit">;
type Skip = { field: string; reason: string };

/** The inverse of matcherProps for one row: the model's matchers, or why the row cannot be one. */
export function decompileMatchers(raw: Record<string, string>, family: RosFamily): Matchers | Skip {
  const out: Matchers = {};
  const nat = raw["connection-nat-state"];
  if (nat !== undefined) {
    if (nat === "dstnat") out.natState = "dstnat";
    else if (nat === "!dstnat") out.natState = "not-dstnat";
    else
      return {
        field: "connection-nat-state",
        reason: `connection-nat-state=${nat}: Rampart matches only dstnat or !dstnat`,
      };
  }
  const icmp = raw["icmp-options"];
  if (icmp !== undefined) {
    const parsed = parseIcmpOptions(icmp);
    if (!parsed)
      return {
        field: "icmp-options",
        reason: `icmp-options=${icmp}: Rampart matches one ICMP type with one code or every code`,
      };
    out.icmpTypes = [parsed];
  }
  const ttlProp = family === "ipv4" ? "ttl" : "hop-limit";
  const otherProp = family === "ipv4" ? "hop-limit" : "ttl";
  if (raw[otherProp] !== undefined)
    return { field: otherProp, reason: `${otherProp} does not belong in this table's rows` };
  const ttl = raw[ttlProp];
  if (ttl !== undefined) {
    const parsed = parseTtl(ttl);
    if (!parsed) return { field: ttlProp, reason: `${ttlProp}=${ttl} is not <comparison>:<0-255>` };
    out.ttl = parsed;
  }
  const limit = raw.limit;
  if (limit !== undefined) {
    const parsed = parseLimit(limit);
    if (!parsed)
      return {
        field: "limit",
        reason: `limit=${limit}: Rampart models packet limits per 1s, 1m, 1h or 1d with an explicit burst`,
      };
    out.rateLimit = parsed;
  }
  return out;
}

function parseIcmpOptions(v: string): { type: number; code?: number } | null {
  const m = /^(\d{1,3})(?::(\d{1,3})(?:-(\d{1,3}))?)?$/.exec(v);
  if (!m) return null;
  const type = Number(m[1]);
  if (type > 255) return null;
  if (m[2] === undefined) return { type };
  const from = Number(m[2]);
  const to = m[3] === undefined ? from : Number(m[3]);
  if (from === 0 && to === 255) return { type };
  if (from !== to || from > 255) return null;
  return { type, code: from };
}

function parseTtl(v: string): TtlMatch | null {
  const m = /^([a-z-]+):(\d{1,3})$/.exec(v);
  if (!m || !TTL_OPS.has(m[1]) || Number(m[2]) > 255) return null;
  return { op: m[1] as TtlMatch["op"], value: Number(m[2]) };
}

const PER: Record<string, RateLimit["per"]> = { "1s": "second", s: "second", "1m": "minute", m: "minute" };
Object.assign(PER, { "1h": "hour", h: "hour", "1d": "day", d: "day" });

function parseLimit(v: string): RateLimit | null {
  // count[/time],burst[:mode]; time defaults to 1s, mode to packet
  const m = /^(\d+)(?:\/(\d*[smhd]))?,(\d+)(?::(packet|bit))?$/.exec(v);
  if (!m || m[4] === "bit") return null;
  const per = m[2] === undefined ? "second" : PER[m[2]];
  const rate = Number(m[1]);
  const burst = Number(m[3]);
  if (!per || rate < 1 || burst < 1 || rate > 1_000_000 || burst > 1_000_000) return null;
  return { rate, per, burst };
}

/** One spelling of a matcher property's value, so what was pushed and what is read back compare equal. */
export function normaliseMatcherValue(prop: string, value: string): string | null {
  if (prop === "icmp-options") {
    const p = parseIcmpOptions(value);
    return p ? `${p.type}:${p.code ?? "0-255"}` : value;
  }
  if (prop === "limit") {
    const p = parseLimit(value);
    return p ? `${p.rate}/${UNIT[p.per]},${p.burst}:packet` : value;
  }
  return null;
}
