import type { CompiledRule } from "./compile-rule";
import { boxesOverlap, containedDimensions, subtractBox, subtractOverlappingBox, type Box } from "./match-space";

/**
 * Set difference of a union of boxes and a union of rules, with a budget.
 *
 * Whether a region is covered does not depend on the order the covering rules are subtracted in, but the
 * number of pieces does: subtracting first the rules that hold the region in most dimensions removes big
 * parts whole and leaves little to fragment. That greedy order is what keeps large overlapping rule sets fast.
 */

export type AnalysisLimits = {
  /** Most pieces one subtraction may hold at a time. */
  maxBoxes: number;
  /** Most box comparisons spent on one rule, over all its subtractions. */
  maxWork: number;
};

export const DEFAULT_LIMITS: AnalysisLimits = { maxBoxes: 2_000, maxWork: 2_000_000 };

export class Budget {
  private work = 0;
  constructor(readonly limits: AnalysisLimits) {}
  spend(n: number): boolean {
    this.work += n;
    return this.work <= this.limits.maxWork;
  }
}

export const INCOMPLETE = "incomplete" as const;
export type Incomplete = typeof INCOMPLETE;

/** boxes minus the union of `cutters`; [] means the cutters cover all of it. */
export function subtractRules(boxes: readonly Box[], cutters: readonly CompiledRule[], budget: Budget): Box[] | Incomplete {
  const ordered = cutters
    .map((rule) => ({ rule, score: bestContainment(boxes, rule) }))
    .sort((a, b) => b.score - a.score || a.rule.index - b.rule.index);
  let remaining = boxes as Box[];
  for (const { rule } of ordered) {
    if (remaining.length === 0) break;
    let next: Box[] | undefined;
    for (let k = 0; k < remaining.length; k++) {
      const box = remaining[k];
      let pieces: Box[] = [box];
      for (const cut of rule.boxes) {
        if (!budget.spend(pieces.length)) return INCOMPLETE;
        if (pieces.length === 1) {
          if (boxesOverlap(pieces[0], cut)) pieces = subtractOverlappingBox(pieces[0], cut);
          continue;
        }
        pieces = pieces.flatMap((p) => subtractBox(p, cut));
      }
      if (next === undefined && pieces.length === 1 && pieces[0] === box) continue;
      next ??= remaining.slice(0, k);
      for (const p of pieces) next.push(p);
      if (next.length > budget.limits.maxBoxes) return INCOMPLETE;
    }
    if (next) remaining = next;
  }
  return remaining;
}

function bestContainment(boxes: readonly Box[], rule: CompiledRule): number {
  let best = 0;
  for (const a of boxes) for (const b of rule.boxes) best = Math.max(best, containedDimensions(a, b));
  return best;
}
