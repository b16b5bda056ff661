import { formatIcmpType, parseIcmpType } from "@/lib/rules/icmp-types";
import type { NatState, RateLimit, TtlMatch } from "@/lib/rules/matchers";
import type { Rule } from "@/lib/rules/schema";

/**
 * The issue #20 matchers as the rule panel edits them: ICMP types as chips ("echo-request", "3/4"), TTL as a
 * comparison and a number, the rate limit as three fields behind a switch. A rule built from a draft carries a
 * matcher only when it is set, so editing a rule that has none leaves it byte-identical.
 */
export type MatcherDraft = {
  icmpTypes: string[];
  natState: "" | NatState;
  ttlOp: "" | TtlMatch["op"];
  ttlValue: string;
  limitOn: boolean;
  limitRate: string;
  limitPer: RateLimit["per"];
  limitBurst: string;
};

/** The rule field whose messages a draft key's widget shows (messages appear once their field was touched). */
export const MATCHER_FIELD_OF: Record<string, string> = {
  ttlOp: "ttl",
  ttlValue: "ttl",
  limitOn: "rateLimit",
  limitRate: "rateLimit",
  limitPer: "rateLimit",
  limitBurst: "rateLimit",
};

export const icmpApplies = (d: { protocol: string }) => d.protocol === "icmp" || d.protocol === "icmpv6";

export function matchersToDraft(rule: Rule): MatcherDraft {
  const v = rule.protocol === "icmpv6" ? "icmpv6" : "icmp";
  return {
    icmpTypes: (rule.icmpTypes ?? []).map((t) => formatIcmpType(t, v)),
    natState: rule.natState ?? "",
    ttlOp: rule.ttl?.op ?? "",
    ttlValue: rule.ttl ? String(rule.ttl.value) : "",
    limitOn: rule.rateLimit !== undefined,
    limitRate: rule.rateLimit ? String(rule.rateLimit.rate) : "10",
    limitPer: rule.rateLimit?.per ?? "second",
    limitBurst: rule.rateLimit ? String(rule.rateLimit.burst) : "5",
  };
}

const WHOLE = /^[0-9]{1,7}$/;

/** The rule's matcher fields; text that cannot be a value gets a message in `local` at its widget key. */
export function draftToMatchers(
  d: MatcherDraft & { protocol: string },
  local: Record<string, string>,
): Pick<Rule, "icmpTypes" | "natState" | "ttl" | "rateLimit"> {
  const out: Pick<Rule, "icmpTypes" | "natState" | "ttl" | "rateLimit"> = {};
  if (icmpApplies(d) && d.icmpTypes.length > 0) {
    const v = d.protocol === "icmpv6" ? "icmpv6" : "icmp";
    const types: NonNullable<Rule["icmpTypes"]> = [];
    d.icmpTypes.forEach((chip, i) => {
      const t = parseIcmpType(chip, v);
      if (t) types.push(t);
      else
        local[`icmpTypes.chip.${i}`] =
          `'${chip}' is not an ${v === "icmp" ? "ICMP" : "ICMPv6"} type: use a name such as echo-request, or type/code such as 3/4`;
    });
    out.icmpTypes = types;
  }
  if (d.natState !== "") out.natState = d.natState;
  if (d.ttlOp !== "") {
    const text = d.ttlValue.trim();
    if (WHOLE.test(text)) out.ttl = { op: d.ttlOp, value: Number(text) };
    else local.ttl = text === "" ? "enter a TTL 0-255" : `'${text}' is not a TTL; enter 0-255`;
  }
  if (d.limitOn) {
    const rate = d.limitRate.trim();
    const burst = d.limitBurst.trim();
    if (!WHOLE.test(rate)) local.rateLimit = `'${rate}' is not a rate; enter a whole number of packets`;
    else if (!WHOLE.test(burst)) local.rateLimit = `'${burst}' is not a burst; enter a whole number of packets`;
    else out.rateLimit = { rate: Number(rate), per: d.limitPer, burst: Number(burst) };
  }
  return out;
}
