import type { CompiledRule } from "./compile-rule";
import { isSubset, overlaps, type IntervalSet } from "./interval-set";
import { subtractOverlappingBox, type Box } from "./match-space";
import { isSubsetNames, namesOverlap } from "./name-set";

/**
 * The part of a region no rule of a set matches, exactly and without a budget.
 *
 * Each piece of the region carries the rules that meet it. A piece one of them holds whole is covered; one no
 * rule meets is left over; any other is cut by the rule holding it in the most dimensions (the fewest pieces,
 * the big cuts first), and each of the at most eight pieces outside that rule goes on with only the rules that
 * meet it. Pieces therefore test the short list of rules that really cut them, where a plain set difference
 * tests every piece against every rule: what keeps thousands of overlapping rules fast.
 */

/** heldDimensions: a box held whole, or not met at all. */
export const DIMENSIONS = 8;
export const APART = -1;

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
        if (!file(piece, b)) continue;
        covered = piece.held[piece.held.length - 1] === DIMENSIONS;
        break;
      }
    }
    if (!covered) stack.push(piece);
  }
  while (stack.length > 0) {
    const { box, cuts, held } = stack.pop()!;
    if (held.includes(DIMENSIONS)) continue;
    if (cuts.length === 0) {
      left.push(box);
      if (firstOnly) return left;
      continue;
    }
    let best = 0;
    for (let k = 1; k < cuts.length; k++) if (held[k] > held[best]) best = k;
    const cut = cuts[best];
    for (const part of subtractOverlappingBox(box, cut)) {
      const piece: Piece = { box: part, cuts: [], held: [] };
      for (let k = 0; k < cuts.length; k++) {
        if (k !== best && file(piece, cuts[k]) && piece.held[piece.held.length - 1] === DIMENSIONS) break;
      }
      stack.push(piece);
    }
  }
  return left;
}

/** Files `cut` under the piece when it meets the piece's box; whether it did. */
function file(piece: Piece, cut: Box): boolean {
  const held = heldDimensions(piece.box, cut);
  if (held === APART) return false;
  piece.cuts.push(cut);
  piece.held.push(held);
  return true;
}

/**
 * In one pass: APART when `cut` shares no packet with `box`, else in how many of the eight dimensions it holds
 * all of `box` (DIMENSIONS: the whole box).
 */
export function heldDimensions(box: Box, cut: Box): number {
  if (box.family !== cut.family || (box.states & cut.states) === 0) return APART;
  const proto = heldSet(box.proto, cut.proto);
  if (proto === APART) return APART;
  const dport = heldSet(box.dport, cut.dport);
  if (dport === APART) return APART;
  const sport = heldSet(box.sport, cut.sport);
  if (sport === APART) return APART;
  const src = heldSet(box.src, cut.src);
  if (src === APART) return APART;
  const dst = heldSet(box.dst, cut.dst);
  if (dst === APART) return APART;
  if (!namesOverlap(box.inIf, cut.inIf) || !namesOverlap(box.outIf, cut.outIf)) return APART;
  const states = (box.states & ~cut.states) === 0 ? 1 : 0;
  const names = (isSubsetNames(box.inIf, cut.inIf) ? 1 : 0) + (isSubsetNames(box.outIf, cut.outIf) ? 1 : 0);
  return states + proto + dport + sport + src + dst + names;
}

/** APART, 1 when `b` holds all of `a`, 0 when they only meet. */
function heldSet<T extends number | bigint>(a: IntervalSet<T>, b: IntervalSet<T>): number {
  if (a.length === 2 && b.length === 2) {
    if (!(a[0] < b[1] && b[0] < a[1])) return APART;
    return b[0] <= a[0] && a[1] <= b[1] ? 1 : 0;
  }
  if (!overlaps(a, b)) return APART;
  return isSubset(a, b) ? 1 : 0;
}
