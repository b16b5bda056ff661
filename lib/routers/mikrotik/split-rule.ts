import { ruleIdSchema, type Rule } from "@/lib/rules/schema";

/**
 * A rule for both families is two rows on RouterOS, /ip and /ipv6 filter, both tagged with the rule's id. When
 * one of them is edited by hand so the two no longer say one rule, adopt keeps them as two single-family rules:
 * the IPv4 half keeps the rule (id X), the IPv6 half becomes rule `Xv6`. Its row on the router stays tagged X,
 * so adopting writes nothing and the router is in sync at once; compile writes tag X for rule Xv6 (and its
 * per-rule address lists keep X's names). A rule is such a half only while X is an IPv4 rule of the same set.
 */
const SUFFIX = "v6";

/** The id of the IPv6 half of rule `id`, or null when the id leaves no room for the suffix. */
export function splitHalfId(id: string): string | null {
  const half = `${id}${SUFFIX}`;
  return ruleIdSchema.safeParse(half).success ? half : null;
}

/** Rule id -> the id its rows are tagged with on the router, for the IPv6 halves of split rules only. */
export function splitTags(rules: readonly Rule[]): Map<string, string> {
  const ipv4 = new Set(rules.filter((r) => r.family === "ipv4").map((r) => r.id));
  const out = new Map<string, string>();
  for (const r of rules) {
    if (r.family !== "ipv6" || !r.id.endsWith(SUFFIX)) continue;
    const whole = r.id.slice(0, -SUFFIX.length);
    if (ipv4.has(whole)) out.set(r.id, whole);
  }
  return out;
}

/** The rule a row tagged `tag` in table `family` belongs to (the split IPv6 half when there is one). */
export function ruleOfTag(tag: string, family: "ipv4" | "ipv6", byId: ReadonlyMap<string, Rule>): Rule | undefined {
  if (family === "ipv6") {
    const half = byId.get(`${tag}${SUFFIX}`);
    if (half && half.family === "ipv6" && byId.get(tag)?.family === "ipv4") return half;
  }
  return byId.get(tag);
}
