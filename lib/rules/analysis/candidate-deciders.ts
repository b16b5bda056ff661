import * as held from "./held-dimensions";
import * as lists from "./candidate-lists";
import type { Cuts, Filed } from "./candidate-lists";
import * as matchSpace from "./match-space";
import type { Box } from "./match-space";
import { searchDeciders } from "./deciders";

// Read once: tsx's CommonJS output reads an imported binding through a getter at every use.
const { ALL_HELD, hasPointWithin, heldMaskWithin } = held;
const { MASK_BITS, filedPiece } = lists;
const { boxHasPoint, cornerPoint, intersectBox } = matchSpace;

/**
 * Which candidates are the first match for some packet of a region (./deciders.ts), settling first what each
 * can be settled alone. Candidate x of a box's list decides some packet of the box when its part of the box,
 * P = x ∩ box, is not covered by the candidates before it; cheap exact answers first:
 *
 * 1. A corner of P: its first match (a scan of the list up to x, only in the dimensions a candidate does not
 *    hold the box in) decides that packet, x or one before it. Candidates are taken last to first, so one
 *    found this way is settled before its turn. Most deciders are found so, before the costlier step 2.
 * 2. One candidate before x holds P whole: x decides nothing there. Most that decide nothing in crowded sets
 *    are such (a host's rule behind its subnet's), and the lists' masks rule out most pairs without a set test.
 *
 * The search of ./deciders.ts then settles the rest together, with all these already known: it cuts the
 * region only until the few still open are settled, where alone it re-files long lists for every piece until
 * each decider is first in one. The rest (no candidate matches: the default policy) is a last candidate
 * holding every packet, as there; the caller can stop at the first decider it asks for.
 */
export function markDeciders(
  region: readonly Filed[],
  cuts: Cuts,
  /**
   * Per candidate (and the rest, index cuts.count, when the lists end with it): 1 for those known to decide, or
   * not worth reporting; set here for those found.
   */
  done: Uint8Array,
  /** Called once per newly found decider; true stops the search. */
  onDecider: (k: number) => boolean,
): boolean {
  const restId = cuts.count;
  // Per candidate: 1 covered in every box it meets so far, 2 not settled in one of them.
  const state = new Uint8Array(restId + 1);
  let open = false;
  for (const { box, list } of region) {
    if (list.length === 0) continue;
    const family = box.family === "ipv4" ? cuts.ipv4 : cuts.ipv6;
    // Nothing before the first one meets the box.
    const first = list[0] >> MASK_BITS;
    if (done[first] === 0) {
      done[first] = 1;
      if (onDecider(first)) return true;
    }
    for (let x = list.length - 1; x > 0; x--) {
      const k = list[x] >> MASK_BITS;
      if (done[k] === 1) continue;
      const part = k === restId ? box : intersectBox(box, family[k]!)!;
      for (const corner of CORNERS) {
        const found = firstMatch(part, corner, list, x, family, restId);
        if (found === -1 || done[found] === 1) continue;
        done[found] = 1;
        if (onDecider(found)) return true;
        if (found === k) break;
      }
      if (done[k] === 1) continue;
      // Its part is the box in the dimensions it holds the box in: only the others are tested. No one candidate
      // covers the rest's part (the box): that one would have ended the list.
      const mask = list[x] & ALL_HELD;
      const changed = ALL_HELD & ~mask;
      let covered = false;
      for (let j = 0; j < x && !covered && k !== restId; j++) {
        const cover = list[j] & ALL_HELD;
        if ((mask & ~cover) === 0)
          covered = heldMaskWithin(part, family[list[j] >> MASK_BITS]!, cover, changed) === ALL_HELD;
      }
      if (covered) {
        if (state[k] === 0) state[k] = 1;
        continue;
      }
      state[k] = 2;
      open = true;
    }
  }
  if (!open) return false;
  // The rest together, cutting the region (what cutting costs is shared among them): those covered alone are
  // marked as not worth reporting for it, and unmarked after.
  for (let k = 0; k <= restId; k++) if (state[k] === 1 && done[k] === 0) done[k] = 2;
  const stopped = searchDeciders(
    region.map(({ box, list }) => filedPiece(box, list)),
    cuts,
    done,
    onDecider,
  );
  for (let k = 0; k <= restId; k++) if (done[k] === 2) done[k] = 0;
  return stopped;
}

const CORNERS = ["low", "high"] as const;

/**
 * The first match, among list[0..x], of a corner of `part` (a part of the list's box within candidate x), or -1
 * when the corner is not in the part.
 */
function firstMatch(
  part: Box,
  corner: "low" | "high",
  list: readonly number[],
  x: number,
  family: readonly (Box | null)[],
  restId: number,
): number {
  const point = cornerPoint(part, corner);
  // The scan below skips the dimensions a candidate holds the list's box in: sound for packets of that box only.
  if (!boxHasPoint(part, point)) return -1;
  for (let j = 0; j <= x; j++) {
    const k = list[j] >> MASK_BITS;
    if (k === restId || hasPointWithin(family[k]!, point, list[j] & ALL_HELD)) return k;
  }
  return -1;
}
