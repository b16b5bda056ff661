/**
 * Indexes (into `values`) of one longest strictly increasing subsequence, O(n log n). Items outside it are the
 * fewest that must move to sort the rest: every item kept in place must already be in order.
 */
export function longestIncreasingSubsequence(values: readonly number[]): number[] {
  const tails: number[] = []; // tails[k] = index of the smallest tail of an increasing run of length k+1
  const prev = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < values[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) out.push(i);
  return out.reverse();
}
