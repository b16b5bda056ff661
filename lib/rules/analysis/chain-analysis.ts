import type { Action } from "../schema";
import type { CompiledRule } from "./compile-rule";
import { Budget, DEFAULT_LIMITS, INCOMPLETE, subtractRules, type AnalysisLimits, type Incomplete } from "./cover";
import { boxHasPoint, boxesOverlap, cornerPoint, intersectBox, randomPoint, type Box, type PacketPoint } from "./match-space";
import { ChainIndex } from "./chain-index";
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
 * sample proves it does the box arithmetic in ./cover.ts run, under the budget described there; past the
 * budget the rule is reported "incomplete" instead of guessed.
 */

export type { AnalysisLimits } from "./cover";
export { DEFAULT_LIMITS } from "./cover";

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
  | { status: "needed"; example: PacketPoint }
  | { status: "incomplete"; stage: "shadowing" | "redundancy"; example?: PacketPoint };

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
export function analyzeChain(rules: readonly CompiledRule[], defaultPolicy: Action, limits: AnalysisLimits = DEFAULT_LIMITS): RuleAnalysis[] {
  const index = new ChainIndex(rules);
  const shadows = rules.map((_, i) => shadowStage(rules, i, index, limits));
  // The second pass sees the chain without its dead rules: the same index with their positions hidden.
  const hidden = new Int32Array((rules.length >> 5) + 1);
  const dead = new Set<CompiledRule>();
  rules.forEach((rule, i) => {
    const status = shadows[i].status;
    if (status !== "shadowed" && status !== "never-matches") return;
    hidden[i >> 5] |= 1 << (i & 31);
    dead.add(rule);
  });
  const live = { index, hidden };
  return rules.map((rule, i) => {
    const shadow = shadows[i];
    if (shadow.status !== "reachable") return { rule, ...shadow };
    const result = redundancyStage(rules, i, live, shadow, () => index.overlapping(rule.boxes, i, 0, i), defaultPolicy, limits);
    if (result.status !== "redundant") return { rule, ...result };
    const afterShadowedRemoved = index.overlapping(rule.boxes, i, i + 1, rules.length).some((other) => dead.has(other));
    return { rule, ...result, afterShadowedRemoved };
  });
}

function shadowStage(rules: readonly CompiledRule[], i: number, index: ChainIndex, limits: AnalysisLimits): ShadowStage {
  const rule = rules[i];
  if (rule.boxes.length === 0) return { status: "never-matches", reasons: rule.emptyReasons };

  // Sample packets of R: one no earlier rule matches proves R reachable; the first match of each other one
  // is a proven decider, should R turn out shadowed.
  const proven = new Set<CompiledRule>();
  const reaching: PacketPoint[] = [];
  for (const point of samplePoints(rule.boxes, i, RANDOM_SAMPLES_PER_BOX)) {
    const first = index.firstMatch(0, i, point);
    if (first !== -1) proven.add(rules[first]);
    else if (reaching.push(point) === MAX_REACHING_SAMPLES) break;
  }
  if (reaching.length > 0) return { status: "reachable", reaching };

  const budget = new Budget(limits);
  const earlier = index.overlapping(rule.boxes, i, 0, i);
  const decided = subtractRules(rule.boxes, earlier, budget);
  if (decided === INCOMPLETE) return { status: "incomplete", stage: "shadowing" };
  if (decided.length > 0) return { status: "reachable", reaching: [cornerPoint(decided[0], "low")], decided };
  const by = deciders(rule.boxes, earlier, proven, budget);
  return by === INCOMPLETE ? { status: "incomplete", stage: "shadowing" } : { status: "shadowed", by };
}

/** Whether rules[p] could go without changing any verdict, the rules in `live.hidden` (shadowed) left out. */
function redundancyStage(
  rules: readonly CompiledRule[],
  p: number,
  live: { index: ChainIndex; hidden: Int32Array },
  shadow: Reachable,
  earlierRules: () => CompiledRule[],
  defaultPolicy: Action,
  limits: AnalysisLimits,
): RedundancyStage {
  const rule = rules[p];
  const action = rule.rule.action;
  const example = shadow.reaching[0];

  // A packet that reaches R and would get another verdict without it settles the rule at once.
  const proven = new Set<CompiledRule>();
  for (const point of shadow.reaching) {
    const after = live.index.firstMatch(p + 1, rules.length, point, live.hidden);
    if (after !== -1) proven.add(rules[after]);
    if ((after === -1 ? defaultPolicy : rules[after].rule.action) !== action) return { status: "needed", example: point };
  }

  const budget = new Budget(limits);
  const incomplete = { status: "incomplete", stage: "redundancy", example } as const;
  const decided = shadow.decided ?? subtractRules(rule.boxes, earlierRules(), budget);
  if (decided === INCOMPLETE) return incomplete;

  const later = live.index.overlapping(decided, p, p + 1, rules.length, live.hidden);
  for (let k = 0; k < later.length; k++) {
    if (later[k].rule.action === action) continue;
    const decides = decidesSome(decided, later, k, budget);
    if (decides === INCOMPLETE) return incomplete;
    if (decides) return { status: "needed", example };
  }
  const leftToDefault = subtractRules(decided, later, budget);
  if (leftToDefault === INCOMPLETE) return incomplete;
  const byDefaultPolicy = leftToDefault.length > 0;
  if (byDefaultPolicy && defaultPolicy !== action) return { status: "needed", example };

  const by = deciders(decided, later, proven, budget);
  return by === INCOMPLETE ? incomplete : { status: "redundant", by, byDefaultPolicy, example };
}

/**
 * Of `candidates` (the rules, in chain order, that share a packet with `boxes`), those that are the first
 * match of the candidates for some packet of `boxes`.
 */
function deciders(boxes: readonly Box[], candidates: readonly CompiledRule[], proven: ReadonlySet<CompiledRule>, budget: Budget): CompiledRule[] | Incomplete {
  const found: CompiledRule[] = [];
  for (let k = 0; k < candidates.length; k++) {
    const decides = proven.has(candidates[k]) || decidesSome(boxes, candidates, k, budget);
    if (decides === INCOMPLETE) return INCOMPLETE;
    if (decides) found.push(candidates[k]);
  }
  return found;
}

/** Is candidates[k] the first match of the candidates for some packet of `boxes`? */
function decidesSome(boxes: readonly Box[], candidates: readonly CompiledRule[], k: number, budget: Budget): boolean | Incomplete {
  const other = candidates[k];
  const part: Box[] = [];
  for (const a of boxes) {
    for (const b of other.boxes) {
      const shared = intersectBox(a, b);
      if (shared) part.push(shared);
    }
  }
  if (part.length === 0) return false;
  for (const point of samplePoints(part.slice(0, 2), other.index, 1)) {
    if (!budget.spend(k)) return INCOMPLETE;
    if (firstMatch(candidates, 0, k, point) === -1) return true;
  }
  const before = candidates.slice(0, k).filter((c) => part.some((a) => c.boxes.some((b) => boxesOverlap(a, b))));
  const rest = subtractRules(part, before, budget);
  return rest === INCOMPLETE ? INCOMPLETE : rest.length > 0;
}

/** Linear first match, for the short candidate lists. */
function firstMatch(rules: readonly CompiledRule[], from: number, to: number, point: PacketPoint): number {
  for (let j = from; j < to; j++) {
    for (const box of rules[j].boxes) if (boxHasPoint(box, point)) return j;
  }
  return -1;
}

/** Corners, then seeded random packets, of each box; produced lazily since the first one usually settles it. */
function* samplePoints(boxes: readonly Box[], seed: number, randomPerBox: number): Generator<PacketPoint> {
  for (const box of boxes) yield cornerPoint(box, "low");
  for (const box of boxes) yield cornerPoint(box, "high");
  const random = seededRandom(seed + 1);
  for (let k = 0; k < randomPerBox; k++) for (const box of boxes) yield randomPoint(box, random);
}

