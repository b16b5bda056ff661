import type { Action } from "../schema";
import type { CompiledRule } from "./compile-rule";
import { boxHasPoint, cornerPoint, randomPoint, type Box, type PacketPoint } from "./match-space";
import { ChainIndex } from "./chain-index";
import { uncovered } from "./uncovered";
import { markDeciders } from "./candidate-deciders";
import { cutsOf, entry, fileRegion } from "./candidate-lists";
import { ALL_HELD } from "./held-dimensions";
import { seededRandom } from "./prng";

/**
 * Shadowing and redundancy for the enabled rules of one chain (first match wins), by exact set arithmetic.
 *
 * Rule R decides D = R minus every earlier rule. D empty: R is shadowed, and the earlier rules that decide
 * some packet of R are the ones to name. Otherwise R is redundant when no packet of D would get another
 * action from the later rules or the default policy: for each later rule L with another action, the part of D
 * it matches must already be matched by later rules before L.
 *
 * Every "some packet exists" question is tried first on a few sample packets (corners and seeded random
 * points), run through the chain directly: one hit is a proof, and most questions stop there. Only when no
 * sample proves it does exact set arithmetic run, among the rules the chain index finds near the region:
 * ./uncovered.ts for "is R shadowed", ./candidate-deciders.ts for "which rules decide its packets" (most
 * candidates settled alone, the rest in one pass of ./deciders.ts, not one subtraction per candidate). It has no
 * budget: every rule gets an answer.
 */

export type RuleStatus =
  | { status: "never-matches"; reasons: readonly string[] }
  | { status: "shadowed"; by: readonly CompiledRule[] }
  | {
      status: "redundant";
      by: readonly CompiledRule[];
      byDefaultPolicy: boolean;
      example: PacketPoint;
      /** Later shadowed rules overlap it: it may go once they are gone (removing it first would revive them). */
      afterShadowedRemoved: boolean;
    }
  | { status: "needed"; example: PacketPoint };

export type RuleAnalysis = { rule: CompiledRule } & RuleStatus;

const RANDOM_SAMPLES_PER_BOX = 3;
const MAX_REACHING_SAMPLES = 3;

/** What the first pass learns of a rule that is not shadowed: packets that reach it, maybe its exact region. */
type Reachable = { status: "reachable"; reaching: PacketPoint[] };
type ShadowStage = Exclude<RuleStatus, { status: "redundant" | "needed" }> | Reachable;
type RedundancyStage =
  | Exclude<RuleStatus, { status: "redundant" }>
  | Omit<Extract<RuleStatus, { status: "redundant" }>, "afterShadowedRemoved">;

/**
 * Two passes. The first finds shadowed rules. The second asks, for every other rule, whether removing it
 * alone changes a verdict, with the shadowed rules left out: they never decide a packet, so removing all of
 * them changes nothing, and leaving them in would call a rule redundant only because of its own shadows.
 */
export function analyzeChain(rules: readonly CompiledRule[], defaultPolicy: Action): RuleAnalysis[] {
  // Dead rules (shadowed, never matching) are hidden from the index as they are found: a shadowed rule lies in
  // the union of the live rules before it, so leaving it out changes neither any first match nor any union of
  // earlier rules, and it never decides a packet. The second pass sees the chain without all of them.
  const hidden = new Int32Array((rules.length >> 5) + 1);
  const reaching = new Map<CompiledRule, readonly PacketPoint[]>();
  const chain: Chain = { rules, index: new ChainIndex(rules), hidden, reaching };
  const dead = new Set<CompiledRule>();
  const shadows = rules.map((rule, i) => {
    const shadow = shadowStage(chain, i);
    if (shadow.status === "shadowed" || shadow.status === "never-matches") {
      hidden[i >> 5] |= 1 << (i & 31);
      dead.add(rule);
    } else {
      reaching.set(rule, shadow.reaching);
    }
    return shadow;
  });
  return rules.map((rule, i) => {
    const shadow = shadows[i];
    if (shadow.status !== "reachable") return { rule, ...shadow };
    const result = redundancyStage(chain, i, shadow, defaultPolicy);
    if (result.status !== "redundant") return { rule, ...result };
    const afterShadowedRemoved = chain.index
      .overlapping(rule.boxes, i, i + 1, rules.length)
      .some((other) => dead.has(other));
    return { rule, ...result, afterShadowedRemoved };
  });
}

/**
 * One chain's rules, their index, the positions of the dead rules found so far (left out of it), and packets
 * whose first match is each live rule analysed so far.
 */
type Chain = {
  rules: readonly CompiledRule[];
  index: ChainIndex;
  hidden: Int32Array;
  reaching: ReadonlyMap<CompiledRule, readonly PacketPoint[]>;
};

function shadowStage(chain: Chain, i: number): ShadowStage {
  const rule = chain.rules[i];
  if (rule.boxes.length === 0) return { status: "never-matches", reasons: rule.emptyReasons };

  // Sample packets of R: one no earlier rule matches proves R reachable; the first match of each other one
  // is a proven decider, should R turn out shadowed.
  const proven = new Set<CompiledRule>();
  const reaching: PacketPoint[] = [];
  for (const point of samplePoints(rule.boxes, i, RANDOM_SAMPLES_PER_BOX)) {
    const first = chain.index.firstMatch(0, i, point, chain.hidden);
    if (first !== -1) proven.add(chain.rules[first]);
    else if (reaching.push(point) === MAX_REACHING_SAMPLES) break;
  }
  if (reaching.length > 0) return { status: "reachable", reaching };

  // Not exact: uncovered and the decider search test every candidate exactly, and skip those that miss R.
  const earlier = chain.index.overlapping(rule.boxes, i, 0, i, chain.hidden, false);
  const cuts = cutsOf(earlier.map((other) => other.boxes));
  const filed = fileRegion(rule.boxes, cuts);
  const left = uncovered(filed, cuts, true);
  if (left.length > 0) return { status: "reachable", reaching: [cornerPoint(left[0], "low")] };
  // Shadowed: the earlier rules that decide some packet of R, beyond those the samples proved. A live earlier
  // rule decides the packets that reached it in its own first pass: when one of them lies in R, it decides
  // some packet of R (what settles most of the many deciders of a broad rule at once).
  const done = Uint8Array.from(earlier, (other) =>
    proven.has(other) || reachesInto(chain.reaching.get(other), rule.boxes) ? 1 : 0,
  );
  markDeciders(filed, cuts, done, () => false);
  return { status: "shadowed", by: earlier.filter((_, k) => done[k] === 1) };
}

/** Whether rules[p] could go without changing any verdict, the rules in `live.hidden` (shadowed) left out. */
function redundancyStage(live: Chain, p: number, shadow: Reachable, defaultPolicy: Action): RedundancyStage {
  const { rules, index, hidden } = live;
  const rule = rules[p];
  const action = rule.rule.action;
  const example = shadow.reaching[0];

  // A packet that reaches R and would get another verdict without it settles the rule at once.
  const proven = new Set<CompiledRule>();
  let provenPolicy = false;
  for (const point of shadow.reaching) {
    const after = index.firstMatch(p + 1, rules.length, point, hidden);
    if (after !== -1) proven.add(rules[after]);
    else provenPolicy = true;
    if ((after === -1 ? defaultPolicy : rules[after].rule.action) !== action)
      return { status: "needed", example: point };
  }

  // Who would decide the packets R decides, were R gone: the first match among the later rules (or the
  // default policy) for packets of R no earlier rule matches. The earlier rules take part only to keep their
  // packets out, so they count as already reported. Needed as soon as one decider has another action.
  const earlier = index.overlapping(rule.boxes, p, 0, p, hidden, false);
  const later = index.overlapping(rule.boxes, p, p + 1, rules.length, hidden, false);
  const candidates = [...earlier, ...later];
  const policy = candidates.length;
  const done = new Uint8Array(policy + 1);
  done.fill(1, 0, earlier.length);
  for (let k = earlier.length; k < policy; k++) if (proven.has(candidates[k])) done[k] = 1;
  if (provenPolicy) done[policy] = 1;
  const other = (k: number) => (k === policy ? defaultPolicy : candidates[k].rule.action) !== action;
  const cuts = cutsOf(candidates.map((c) => c.boxes));
  const filed = fileRegion(rule.boxes, cuts);
  // The default policy: a last candidate for the packets of a box no candidate holds whole.
  for (const { list, whole } of filed) if (!whole) list.push(entry(policy, ALL_HELD));
  if (markDeciders(filed, cuts, done, other)) return { status: "needed", example };
  const by = later.filter((_, k) => done[earlier.length + k] === 1);
  return { status: "redundant", by, byDefaultPolicy: done[policy] === 1, example };
}

function reachesInto(points: readonly PacketPoint[] | undefined, boxes: readonly Box[]): boolean {
  return points !== undefined && points.some((point) => boxes.some((box) => boxHasPoint(box, point)));
}

/** Corners, then seeded random packets, of each box; produced lazily since the first one usually settles it. */
function* samplePoints(boxes: readonly Box[], seed: number, randomPerBox: number): Generator<PacketPoint> {
  for (const box of boxes) yield cornerPoint(box, "low");
  for (const box of boxes) yield cornerPoint(box, "high");
  const random = seededRandom(seed + 1);
  for (let k = 0; k < randomPerBox; k++) for (const box of boxes) yield randomPoint(box, random);
}
