import { describe, expect, test } from "vitest";
import {
  fromInclusive,
  hasValue,
  intersect,
  isSubset,
  normalize,
  overlaps,
  subtract,
  type IntervalSet,
} from "./interval-set";
import { seededRandom } from "./prng";

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
    expect(
      fromInclusive(
        [
          [1, 100],
          [101, 200],
        ],
        1,
      ),
    ).toEqual([1, 201]);
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
    expect([0n, 9n, 10n, 19n, 20n, 29n, 30n].map((v) => hasValue(set, v))).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
    expect(subtract([0n, 1n << 32n], [167772160n, 184549376n])).toEqual([0n, 167772160n, 184549376n, 1n << 32n]);
  });

  test("overlap and subset agree with member-by-member checks on random sets, single intervals included", () => {
    const random = seededRandom(9);
    const randomSet = (): IntervalSet<number> => {
      const count = random() < 0.4 ? 1 : Math.floor(random() * 5);
      return normalize(
        Array.from({ length: count }, () => {
          const from = Math.floor(random() * 40);
          return [from, from + 1 + Math.floor(random() * 8)] as const;
        }),
      );
    };
    const members = (set: IntervalSet<number>) =>
      Array.from({ length: 50 }, (_, v) => v).filter((v) => hasValue(set, v));
    for (let k = 0; k < 3000; k++) {
      const a = randomSet();
      const b = randomSet();
      const inA = members(a);
      const inB = new Set(members(b));
      expect({ a, b, overlaps: overlaps(a, b), subset: isSubset(a, b) }).toEqual({
        a,
        b,
        overlaps: inA.some((v) => inB.has(v)),
        subset: inA.every((v) => inB.has(v)),
      });
    }
  });
});
