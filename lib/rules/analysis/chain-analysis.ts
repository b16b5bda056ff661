import type { Action } from "../schema";
import type { CompiledRule } from "./compile-rule";
import { cornerPoint, intersectBox, randomPoint, type Box, type PacketPoint } from "./match-space";
import { ChainIndex } from "./chain-index";
import { uncovered } from "./uncovered";
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
 * sample proves it does the exact set arithmetic of ./uncovered.ts run, among the rules the chain index finds
 * meeting the region. It has no budget: every rule gets an answer.
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
type Reachable = { status: "reachable"; reaching: PacketPoint[]; decided?: Box[] };
type ShadowStage = Exclude<RuleStatus, { status: "redundant" | "needed" }> | Reachable;
type RedundancyStage = Exclude<RuleStatus, { status: "redundant" }> | (Omit<Extract<RuleStatus, { status: "redundant" }>, "afterShadowedRemoved">);

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
  const chain: Chain = { rules, index: new ChainIndex(rules), position: new Map(rules.map((r, i) => [r, i])), hidden };
  const dead = new Set<CompiledRule>();
  const shadows = rules.map((rule, i) => {
    const shadow = shadowStage(chain, i);
    if (shadow.status === "shadowed" || shadow.status === "never-matches") {
      hidden[i >> 5] |= 1 << (i & 31);
      dead.add(rule);
    }
    return shadow;
  });
  return rules.map((rule, i) => {
    const shadow = shadows[i];
    if (shadow.status !== "reachable") return { rule, ...shadow };
    const result = redundancyStage(chain, i, shadow, () => chain.index.overlapping(rule.boxes, i, 0, i, hidden), defaultPolicy);
    if (result.status !== "redundant") return { rule, ...result };
    const afterShadowedRemoved = chain.index.overlapping(rule.boxes, i, i + 1, rules.length).some((other) => dead.has(other));
    return { rule, ...result, afterShadowedRemoved };
  });
}

/** One chain's rules, their index, and the positions of the dead rules found so far, left out of it. */
type Chain = { rules: readonly CompiledRule[]; index: ChainIndex; position: ReadonlyMap<CompiledRule, number>; hidden: Int32Array };

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

  const earlier = chain.index.overlapping(rule.boxes, i, 0, i, chain.hidden);
  const decided = uncovered(rule.boxes, earlier);
  if (decided.length > 0) return { status: "reachable", reaching: [cornerPoint(decided[0], "low")], decided };
  return { status: "shadowed", by: earlier.filter((other, k) => proven.has(other) || decidesSome(chain, rule.boxes, earlier, k, 0)) };
}

/** Whether rules[p] could go without changing any verdict, the rules in `live.hidden` (shadowed) left out. */
function redundancyStage(live: Chain, p: number, shadow: Reachable, earlierRules: () => CompiledRule[], defaultPolicy: Action): RedundancyStage {
  const { rules, index, hidden } = live;
  const rule = rules[p];
  const action = rule.rule.action;
  const example = shadow.reaching[0];

  // A packet that reaches R and would get another verdict without it settles the rule at once.
  const proven = new Set<CompiledRule>();
  for (const point of shadow.reaching) {
    const after = index.firstMatch(p + 1, rules.length, point, hidden);
    if (after !== -1) proven.add(rules[after]);
    if ((after === -1 ? defaultPolicy : rules[after].rule.action) !== action) return { status: "needed", example: point };
  }

  // The packets R decides, then who would decide them without R: needed when a later rule with another
  // action, or the default policy, would decide any; else redundant, naming the later rules that decide some.
  const decided = shadow.decided ?? uncovered(rule.boxes, earlierRules());
  const later = index.overlapping(decided, p, p + 1, rules.length, hidden);
  for (let k = 0; k < later.length; k++) {
    if (later[k].rule.action !== action && decidesSome(live, decided, later, k, p + 1)) return { status: "needed", example };
  }
  const byDefaultPolicy = uncovered(decided, later, true).length > 0;
  if (byDefaultPolicy && defaultPolicy !== action) return { status: "needed", example };
  const by = later.filter((other, k) => other.rule.action === action && (proven.has(other) || decidesSome(live, decided, later, k, p + 1)));
  return { status: "redundant", by, byDefaultPolicy, example };
}

/**
 * Whether candidates[k] is the first match, among the rules from position `from` on, for some packet of
 * `boxes`; `candidates` are, in chain order, every such rule that meets `boxes`. A sample packet proves it
 * quickly, else the part of `boxes` it matches minus the earlier candidates that meet that part.
 */
function decidesSome(chain: Chain, boxes: readonly Box[], candidates: readonly CompiledRule[], k: number, from: number): boolean {
  const other = candidates[k];
  const at = chain.position.get(other)!;
  const part: Box[] = [];
  for (const a of boxes) {
    for (const b of other.boxes) {
      const shared = intersectBox(a, b);
      if (shared) part.push(shared);
    }
  }
  if (part.length === 0) return false;
  for (const point of samplePoints(part.slice(0, 2), at, 1)) {
    if (chain.index.firstMatch(from, at, point, chain.hidden) === -1) return true;
  }
  return uncovered(part, candidates.slice(0, k), true).length > 0;
}

/** Corners, then seeded random packets, of each box; produced lazily since the first one usually settles it. */
function* samplePoints(boxes: readonly Box[], seed: number, randomPerBox: number): Generator<PacketPoint> {
  for (const box of boxes) yield cornerPoint(box, "low");
  for (const box of boxes) yield cornerPoint(box, "high");
  const random = seededRandom(seed + 1);
  for (let k = 0; k < randomPerBox; k++) for (const box of boxes) yield randomPoint(box, random);
}

