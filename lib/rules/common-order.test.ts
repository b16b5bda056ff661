import { expect, test } from "vitest";
import { idsKeepingOrder } from "./common-order";

const kept = (before: string, after: string) => [...idsKeepingOrder([...before], [...after])].sort().join("");

test.each([
  ["", "", ""],
  ["abc", "abc", "abc"],
  ["abc", "", ""],
  ["", "abc", ""],
  ["abcd", "bcda", "bcd"],
  ["abcd", "dabc", "abc"],
  ["abcde", "aXbYc", "abc"],
  ["abcdef", "abdcef", "abcef"],
])("%j -> %j keeps %j", (before, after, expected) => {
  expect(kept(before, after)).toBe(expected);
});

test("a full reversal keeps exactly one id", () => {
  expect(idsKeepingOrder(["a", "b", "c", "d"], ["d", "c", "b", "a"]).size).toBe(1);
});

function permutations(items: string[]): string[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

function bruteForceLcsLength(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][b.length];
}

test("kept set is a longest common subsequence for every permutation of 6 ids", () => {
  const before = ["a", "b", "c", "d", "e", "f"];
  for (const after of permutations(before)) {
    const keep = idsKeepingOrder(before, after);
    expect(keep.size).toBe(bruteForceLcsLength(before, after));
    // and the kept ids really are in the same order on both sides
    expect(after.filter((id) => keep.has(id))).toEqual(before.filter((id) => keep.has(id)));
  }
});
