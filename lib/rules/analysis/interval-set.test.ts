import { describe, expect, test } from "vitest";
import { fromInclusive, hasValue, intersect, isSubset, normalize, overlaps, subtract } from "./interval-set";

describe("interval sets (half-open, flat)", () => {
  test("normalize sorts, merges overlapping and adjacent intervals and drops empty ones", () => {
    expect(
      normalize([
        [10, 20],
        [1, 3],
        [3, 5],
        [15, 30],
        [40, 40],
      ]),
    ).toEqual([1, 5, 10, 30]);
    expect(fromInclusive([[1, 100], [101, 200]], 1)).toEqual([1, 201]);
    expect(fromInclusive([[5n, 5n]], 1n)).toEqual([5n, 6n]);
  });

  test.each([
    { a: [0, 10], b: [3, 5], diff: [0, 3, 5, 10], inter: [3, 5] },
    { a: [0, 10], b: [0, 10], diff: [], inter: [0, 10] },
    { a: [0, 10], b: [10, 20], diff: [0, 10], inter: [] },
    { a: [0, 5, 10, 15], b: [3, 12], diff: [0, 3, 12, 15], inter: [3, 5, 10, 12] },
    { a: [50, 151], b: [1, 201], diff: [], inter: [50, 151] },
    { a: [0, 100], b: [10, 20, 30, 40, 90, 200], diff: [0, 10, 20, 30, 40, 90], inter: [10, 20, 30, 40, 90, 100] },
  ])("$a minus $b", ({ a, b, diff, inter }) => {
    expect(subtract(a, b)).toEqual(diff);
    expect(intersect(a, b)).toEqual(inter);
    expect(overlaps(a, b)).toBe(inter.length > 0);
    expect(isSubset(a, b)).toBe(diff.length === 0);
  });

  test("membership uses half-open ends and works for bigints", () => {
    const set = [0n, 10n, 20n, 30n];
    expect([0n, 9n, 10n, 19n, 20n, 29n, 30n].map((v) => hasValue(set, v))).toEqual([true, true, false, false, true, true, false]);
    expect(subtract([0n, 1n << 32n], [167772160n, 184549376n])).toEqual([0n, 167772160n, 184549376n, 1n << 32n]);
  });
});
