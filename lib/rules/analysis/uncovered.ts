import * as held from "./held-dimensions";
import * as lists from "./candidate-lists";
import type { Cuts, Filed } from "./candidate-lists";
import { subtractOverlappingBox, type Box } from "./match-space";

// Read once: tsx's CommonJS output reads an imported binding through a getter at every use.
const { ALL_HELD, APART, changedDimensions, heldCount, heldMaskWithin } = held;
const { MASK_BITS, entry } = lists;

/**
 * The part of a region no rule of a set matches, exactly and without a budget.
 *
 * Each piece of the region carries the rules that meet it. A piece one of them holds whole is covered; one no
 * rule meets is left over; any other is cut by the rule holding it in the most dimensions (the fewest pieces,
 * the big cuts first), and each of the at most eleven pieces outside that rule goes on with only the rules that
 * meet it. Pieces therefore test the short list of rules that really cut them, where a plain set difference
 * tests every piece against every rule: what keeps thousands of overlapping rules fast.
 */

/** A piece not yet covered and its list (./candidate-lists.ts). */
type Open = { box: Box; list: number[] };

/**
 * The parts of a region (its boxes disjoint, filed by ./candidate-lists.ts fileRegion) outside every candidate:
 * [] when they cover it; with `firstOnly`, at most one part.
 */
export function uncovered(region: readonly Filed[], cuts: Cuts, firstOnly = false): Box[] {
  const left: Box[] = [];
  const stack: Open[] = [];
  for (const { box, list, whole } of region) if (!whole) stack.push({ box, list });
  while (stack.length > 0) {
    const { box, list } = stack.pop()!;
    if (list.length === 0) {
      left.push(box);
      if (firstOnly) return left;
      continue;
    }
    let best = 0;
    let bestCount = heldCount(list[0] & ALL_HELD);
    for (let j = 1; j < list.length; j++) {
      const count = heldCount(list[j] & ALL_HELD);
      if (count > bestCount) {
        best = j;
        bestCount = count;
      }
    }
    const family = box.family === "ipv4" ? cuts.ipv4 : cuts.ipv6;
    const cut = family[list[best] >> MASK_BITS]!;
    for (const part of subtractOverlappingBox(box, cut)) {
      const partList: number[] = [];
      const changed = changedDimensions(part, box);
      let whole = false;
      for (let j = 0; j < list.length && !whole; j++) {
        if (j === best) continue;
        const k = list[j] >> MASK_BITS;
        const within = heldMaskWithin(part, family[k]!, list[j] & ALL_HELD, changed);
        if (within === APART) continue;
        partList.push(entry(k, within));
        whole = within === ALL_HELD;
      }
      if (!whole) stack.push({ box: part, list: partList });
    }
  }
  return left;
}
