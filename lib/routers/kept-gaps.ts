import { longestIncreasingSubsequence } from "../longest-increasing";

/**
 * The gap (0 = top) each managed item goes into, in the rule set's order, given the gap each would keep
 * (undefined: none recorded and not on the router yet). Where the rule-set order and those gaps disagree, the
 * longest run of items already in order keeps its gaps and every other item joins the gap of the item before
 * it, the first the top gap. Both vendors' planners lay out managed rules between the router's own this way.
 */
export function keepGapsInOrder(wanted: readonly (number | undefined)[]): number[] {
  const placed = wanted.flatMap((g, i) => (g === undefined ? [] : [i]));
  // (gap, position) as one number: strictly increasing exactly when gaps never decrease along the wanted order
  const inOrder = new Set(
    longestIncreasingSubsequence(placed.map((i) => wanted[i]! * (wanted.length + 1) + i)).map((j) => placed[j]),
  );
  let running = 0;
  return wanted.map((g, i) => (inOrder.has(i) ? (running = g!) : running));
}
