import { longestIncreasingSubsequence } from "../longest-increasing";

/**
 * The largest set of ids that keep their relative order from `before` to `after` (a longest common
 * subsequence; with unique ids that is a longest increasing subsequence of old positions, O(n log n)).
 * Ids outside it are the fewest rules that must be reported as moved.
 */
export function idsKeepingOrder(before: readonly string[], after: readonly string[]): Set<string> {
  const oldIndex = new Map(before.map((id, i) => [id, i]));
  const common = after.filter((id) => oldIndex.has(id));
  return new Set(longestIncreasingSubsequence(common.map((id) => oldIndex.get(id)!)).map((i) => common[i]));
}
