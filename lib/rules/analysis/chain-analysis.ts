import type { Action } from "../schema";
import { boundsOverlap, type CompiledRule } from "./compile-rule";
import { boxHasPoint, boxesOverlap, cornerPoint, randomPoint, subtractBox, type Box, type PacketPoint } from "./match-space";
import { seededRandom } from "./prng";

/**
 * Shadowing and redundancy for the enabled rules of one chain, by exact set arithmetic on match spaces.
 *
 * For rule R: remaining = R minus each earlier rule in order. Empty => shadowed, and the earlier rules that
 * removed a non-empty part are the ones to name. Otherwise `remaining` is exactly what R decides; R is
 * redundant when every packet in it would get R's action from later rules or the chain's default policy.
 *
 * Fast path: a few sample packets of R are run through the chain first. One that no earlier rule matches and
 * that later rules would give another verdict proves R both reachable and needed, and most rules of a real
 * rule set stop there. The box arithmetic only runs when no sample proves that.
 *
 * Blowup guard: subtracting boxes can fragment R's space. Each stage (earlier rules, then later rules) may
 * hold at most `maxBoxes` pieces and make at most `maxWork` box comparisons for one rule; past either, the rule
 * is reported "incomplete" instead of guessing.
 */

export type AnalysisLimits = { maxBoxes: number; maxWork: number };
export const DEFAULT_LIMITS: AnalysisLimits = { maxBoxes: 2_000, maxWork: 2_000_000 };

export type RuleStatus =
  | { status: "never-matches"; reasons: readonly string[] }
  | { status: "shadowed"; by: readonly CompiledRule[] }
  | { status: "redundant"; by: readonly CompiledRule[]; byDefaultPolicy: boolean; example: PacketPoint }
  | { status: "needed"; example: PacketPoint }
  | { status: "incomplete"; stage: "shadowing" | "redundancy"; example?: PacketPoint };

export type RuleAnalysis = { rule: CompiledRule } & RuleStatus;

const SAMPLES_PER_BOX = 3;

export function analyzeChain(rules: readonly CompiledRule[], defaultPolicy: Action, limits: AnalysisLimits = DEFAULT_LIMITS): RuleAnalysis[] {
  return rules.map((rule, i) => ({ rule, ...analyzeRule(rules, i, defaultPolicy, limits) }));
}

function analyzeRule(rules: readonly CompiledRule[], i: number, defaultPolicy: Action, limits: AnalysisLimits): RuleStatus {
  const rule = rules[i];
  if (rule.boxes.length === 0) return { status: "never-matches", reasons: rule.emptyReasons };

  let reached: PacketPoint | undefined;
  for (const point of samplePoints(rule)) {
    if (firstMatch(rules, 0, i, point) !== -1) continue;
    reached ??= point;
    const later = firstMatch(rules, i + 1, rules.length, point);
    if ((later === -1 ? defaultPolicy : rules[later].rule.action) !== rule.rule.action) return { status: "needed", example: point };
  }

  const earlier = subtractRules(rule, rule.boxes, rules, 0, i, limits, () => true);
  if (earlier === "incomplete") return { status: "incomplete", stage: "shadowing", example: reached };
  if (earlier.remaining.length === 0) return { status: "shadowed", by: earlier.by };
  const example = reached ?? cornerPoint(earlier.remaining[0], "low");

  let otherVerdict = false;
  const later = subtractRules(rule, earlier.remaining, rules, i + 1, rules.length, limits, (other) => {
    otherVerdict = other.rule.action !== rule.rule.action;
    return !otherVerdict;
  });
  if (later === "incomplete") return { status: "incomplete", stage: "redundancy", example };
  if (otherVerdict) return { status: "needed", example };
  const byDefaultPolicy = later.remaining.length > 0;
  if (byDefaultPolicy && defaultPolicy !== rule.rule.action) return { status: "needed", example };
  return { status: "redundant", by: later.by, byDefaultPolicy, example };
}

type Subtraction = { remaining: Box[]; by: CompiledRule[] };

/**
 * Subtracts rules[from..to) from `boxes` in order. `onOverlap` sees each rule that shares packets with what
 * remains, before its part is removed; returning false stops there.
 */
function subtractRules(
  subject: CompiledRule,
  boxes: readonly Box[],
  rules: readonly CompiledRule[],
  from: number,
  to: number,
  limits: AnalysisLimits,
  onOverlap: (other: CompiledRule) => boolean,
): Subtraction | "incomplete" {
  let remaining = boxes as Box[];
  const by: CompiledRule[] = [];
  let work = 0;
  for (let j = from; j < to && remaining.length > 0; j++) {
    const other = rules[j];
    if (other.boxes.length === 0 || !boundsOverlap(subject.bounds, other.bounds)) continue;
    let touched = false;
    let next: Box[] | undefined;
    for (let k = 0; k < remaining.length; k++) {
      const box = remaining[k];
      let pieces: Box[] = [box];
      for (const cut of other.boxes) {
        work += pieces.length;
        if (pieces.length === 1 && !boxesOverlap(pieces[0], cut)) continue;
        const cutPieces: Box[] = [];
        for (const p of pieces) {
          if (boxesOverlap(p, cut)) {
            touched = true;
            cutPieces.push(...subtractBox(p, cut));
          } else {
            cutPieces.push(p);
          }
        }
        pieces = cutPieces;
      }
      if (next === undefined && pieces.length === 1 && pieces[0] === box) continue;
      next ??= remaining.slice(0, k);
      next.push(...pieces);
      if (next.length > limits.maxBoxes) return "incomplete";
    }
    if (work > limits.maxWork) return "incomplete";
    if (!touched) continue;
    if (!onOverlap(other)) return { remaining: next ?? remaining, by };
    by.push(other);
    remaining = next ?? remaining;
  }
  return { remaining, by };
}

function firstMatch(rules: readonly CompiledRule[], from: number, to: number, point: PacketPoint): number {
  for (let j = from; j < to; j++) {
    for (const box of rules[j].boxes) if (boxHasPoint(box, point)) return j;
  }
  return -1;
}

function samplePoints(rule: CompiledRule): PacketPoint[] {
  const random = seededRandom(rule.index + 1);
  const points: PacketPoint[] = [];
  for (const box of rule.boxes) {
    points.push(cornerPoint(box, "low"), cornerPoint(box, "high"));
    for (let k = 0; k < SAMPLES_PER_BOX; k++) points.push(randomPoint(box, random));
  }
  return points;
}
