import { ttlRanges } from "../matchers";
import type { Rule } from "../schema";
import { fromInclusive, type IntervalSet } from "./interval-set";
import { ALL_CONDS, ICMP_UNIVERSE, TTL_UNIVERSE } from "./match-space";

/**
 * The issue #20 matchers as match-space dimensions (match-space.ts): ICMP type/code as type * 256 + code, the
 * TTL / hop limit as 0-255, and the NAT-state and rate-limit conditions as a mask over their four combinations.
 * A rate-limited rule holds only packets "within the limit": those over it fall through to later rules, so the
 * analysis never lets a limited rule shadow or cover what follows.
 */

const NATTED = 1;
const OVER = 2;

/** Sets are shared: they are never mutated. */
const NO_ICMP: IntervalSet<number> = [];

export function icmpSet(rule: Rule): IntervalSet<number> {
  const types = rule.icmpTypes;
  if (!types?.length) return ICMP_UNIVERSE;
  if (rule.protocol !== "icmp" && rule.protocol !== "icmpv6") return NO_ICMP;
  return fromInclusive(
    types.map((t) =>
      t.code === undefined
        ? ([t.type * 256, t.type * 256 + 255] as const)
        : ([t.type * 256 + t.code, t.type * 256 + t.code] as const),
    ),
    1,
  );
}

export function ttlSet(rule: Rule): IntervalSet<number> {
  if (!rule.ttl) return TTL_UNIVERSE;
  return fromInclusive(ttlRanges(rule.ttl), 1);
}

export function condMask(rule: Rule): number {
  let mask = ALL_CONDS;
  for (let c = 0; c < 4; c++) {
    const natted = (c & NATTED) !== 0;
    const over = (c & OVER) !== 0;
    if (rule.natState === "dstnat" && !natted) mask &= ~(1 << c);
    if (rule.natState === "not-dstnat" && natted) mask &= ~(1 << c);
    if (rule.rateLimit && over) mask &= ~(1 << c);
  }
  return mask;
}

/** The point index of a packet's conditions (PacketPoint.cond). */
export function condIndex(dstNatted: boolean, overLimit: boolean): number {
  return (dstNatted ? NATTED : 0) + (overLimit ? OVER : 0);
}
