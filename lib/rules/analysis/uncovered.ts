import type { CompiledRule } from "./compile-rule";
import * as held from "./held-dimensions";
import { subtractOverlappingBox, type Box } from "./match-space";

// Read once: tsx's CommonJS output reads an imported binding through a getter at every use.
const { ALL_HELD, APART, changedDimensions, heldCount, heldMask, heldMaskWithin } = held;

/**
 * The part of a region no rule of a set matches, exactly and without a budget.
 *
 * Each piece of the region carries the rules that meet it. A piece one of them holds whole is covered; one no
 * rule meets is left over; any other is cut by the rule holding it in the most dimensions (the fewest pieces,
 * the big cuts first), and each of the at most eleven pieces outside that rule goes on with only the rules that
 * meet it. Pieces therefore test the short list of rules that really cut them, where a plain set difference
 * tests every piece against every rule: what keeps thousands of overlapping rules fast.
 */

/** `held`: per cut, the mask of the dimensions it holds the piece in (./held-dimensions.ts). */
type Piece = { box: Box; cuts: Box[]; held: number[] };

/** The parts of `boxes` (disjoint) outside every rule of `rules`: [] when they cover them; with `firstOnly`, at most one part. */
export function uncovered(boxes: readonly Box[], rules: readonly CompiledRule[], firstOnly = false): Box[] {
  const left: Box[] = [];
  const stack: Piece[] = [];
  for (const box of boxes) {
    const piece: Piece = { box, cuts: [], held: [] };
    let covered = false;
    for (let r = 0; r < rules.length && !covered; r++) {
      // A rule has at most one box per family, so at most one of them meets a box.
      for (const b of rules[r].boxes) {
        const held = heldMask(box, b);
        if (held === APART) continue;
        piece.cuts.push(b);
        piece.held.push(held);
        covered = held === ALL_HELD;
        break;
      }
    }
    if (!covered) stack.push(piece);
  }
  while (stack.length > 0) {
    const { box, cuts, held } = stack.pop()!;
    if (cuts.length === 0) {
      left.push(box);
      if (firstOnly) return left;
      continue;
    }
    let best = 0;
    let bestCount = heldCount(held[0]);
    for (let k = 1; k < cuts.length; k++) {
      const count = heldCount(held[k]);
      if (count > bestCount) {
        best = k;
        bestCount = count;
      }
    }
    const cut = cuts[best];
    for (const part of subtractOverlappingBox(box, cut)) {
      const piece: Piece = { box: part, cuts: [], held: [] };
      const changed = changedDimensions(part, box);
      let covered = false;
      for (let k = 0; k < cuts.length && !covered; k++) {
        if (k === best) continue;
        const within = heldMaskWithin(part, cuts[k], held[k], changed);
        if (within === APART) continue;
        piece.cuts.push(cuts[k]);
        piece.held.push(within);
        covered = within === ALL_HELD;
      }
      if (!covered) stack.push(piece);
    }
  }
  return left;
}
