/**
 * The largest set of ids that keep their relative order from `before` to `after` (a longest common
 * subsequence; with unique ids that is a longest increasing subsequence of old positions, O(n log n)).
 * Ids outside it are the fewest rules that must be reported as moved.
 */
export function idsKeepingOrder(before: readonly string[], after: readonly string[]): Set<string> {
  const oldIndex = new Map(before.map((id, i) => [id, i]));
  const common = after.filter((id) => oldIndex.has(id));
  const positions = common.map((id) => oldIndex.get(id)!);

  // tails[k]: index into `positions` of the smallest tail of an increasing run of length k + 1.
  const tails: number[] = [];
  const previous: number[] = new Array(positions.length).fill(-1);
  positions.forEach((pos, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (positions[tails[mid]] < pos) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1];
    tails[lo] = i;
  });

  const kept = new Set<string>();
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i !== -1; i = previous[i]) kept.add(common[i]);
  return kept;
}
