import type { Box } from "./match-space";
import * as held from "./held-dimensions";

// Read once: tsx's CommonJS output reads an imported binding through a getter at every use.
const { ALL_HELD, APART, DIMENSIONS, heldMask } = held;

/**
 * The pieces ./uncovered.ts and ./deciders.ts cut a region into, and the candidates (rules, in chain order) that
 * meet each: one shape for both, so the decider search goes on from the parts the shadow check already cut.
 *
 * A candidate is its index; a rule has at most one box per family, so a piece meets at most one box of a
 * candidate: its family's, kept apart per family here.
 */
export type Cuts = {
  count: number;
  ipv4: readonly (Box | null)[];
  ipv6: readonly (Box | null)[];
};

export function cutsOf(candidates: readonly (readonly Box[])[]): Cuts {
  const ipv4: (Box | null)[] = [];
  const ipv6: (Box | null)[] = [];
  for (const boxes of candidates) {
    let v4: Box | null = null;
    let v6: Box | null = null;
    for (const b of boxes) {
      if (b.family === "ipv4") v4 = b;
      else v6 = b;
    }
    ipv4.push(v4);
    ipv6.push(v6);
  }
  return { count: candidates.length, ipv4, ipv6 };
}

/**
 * A candidate of a piece's list as one number: its index above MASK_BITS, below them the mask of the
 * dimensions it holds the piece in (./held-dimensions.ts). One small-integer array per piece: pieces are made
 * by the hundred thousand.
 */
export const MASK_BITS = DIMENSIONS;

export function entry(k: number, mask: number): number {
  return (k << MASK_BITS) | mask;
}

/** A box of a region and its list: every candidate meeting it, in order, up to the first holding it whole. */
export type Filed = { box: Box; list: number[]; whole: boolean };

export function fileRegion(region: readonly Box[], cuts: Cuts): Filed[] {
  const filed: Filed[] = [];
  for (const box of region) {
    const family = box.family === "ipv4" ? cuts.ipv4 : cuts.ipv6;
    const list: number[] = [];
    let whole = false;
    for (let k = 0; k < cuts.count && !whole; k++) {
      const cut = family[k];
      const mask = cut === null ? APART : heldMask(box, cut);
      if (mask === APART) continue;
      list.push(entry(k, mask));
      whole = mask === ALL_HELD;
    }
    filed.push({ box, list, whole });
  }
  return filed;
}

/**
 * A piece and its candidates, in order. A part is filed when it is popped, not when it is cut: its siblings
 * popped before it report deciders, so by then fewer of its candidates matter, and a part with none left is
 * dropped unfiled (an inside part unmade).
 */
export type Piece = {
  /** The part; for an inside part not yet made, the cutter's box (the part is its parent within it). */
  box: Box;
  /** The piece it was cut from, null for a filed piece (whose list is `from`). */
  parent: Box | null;
  /** The parent's list: the part's candidates are those before `end`, but `skip` (the cutter, outside it). */
  from: number[];
  end: number;
  skip: number;
  /** Inside parts: the cutter's entry, holding the part whole, after the others; -1 for the rest. */
  tail: number;
};

/** A piece with its list made: the candidates meeting it, in order, up to the first holding it whole. */
export function filedPiece(box: Box, list: number[]): Piece {
  return { box, parent: null, from: list, end: list.length, skip: -1, tail: -1 };
}

/** The part of `parent` (whose list is `list`) inside the candidate at `list[at]`, whose box is `cut`. */
export function insidePiece(cut: Box, parent: Box, list: number[], at: number): Piece {
  return { box: cut, parent, from: list, end: at, skip: -1, tail: entry(list[at] >> MASK_BITS, ALL_HELD) };
}

/** A part of `parent` outside the candidate at `list[skip]`; its candidates are among those before `end`. */
export function outsidePiece(part: Box, parent: Box, list: number[], end: number, skip: number): Piece {
  return { box: part, parent, from: list, end, skip, tail: -1 };
}
