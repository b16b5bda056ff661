import { describe, expect, test } from "vitest";
import { ChainIndex } from "./chain-index";
import { compileRule, resolveAddressLists, type CompiledRule } from "./compile-rule";
import { boxHasPoint, boxesOverlap, cornerPoint, randomPoint, type PacketPoint } from "./match-space";
import { seededRandom } from "./prng";
import { sampleRuleSet } from "@/tests/support/sample-rule-set";

/**
 * The index against plain scans of the chain, over benchmark rule sets from spread out to crowded (so the
 * bitsets span many words, keys collide and wide rules abound), with random ranges and hidden rules.
 */

function chainOf(n: number, seed: number, density: number): CompiledRule[] {
  const content = sampleRuleSet(n, seed, density);
  const lists = resolveAddressLists(content.addressLists);
  return content.rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => rule.enabled && rule.chain === "forward")
    .map(({ rule, index }) => compileRule(rule, index, lists));
}

function isHidden(hidden: Int32Array | null, p: number): boolean {
  return hidden !== null && (hidden[p >> 5] & (1 << (p & 31))) !== 0;
}

function scanFirstMatch(
  rules: readonly CompiledRule[],
  from: number,
  to: number,
  point: PacketPoint,
  hidden: Int32Array | null,
): number {
  for (let p = from; p < to; p++)
    if (!isHidden(hidden, p) && rules[p].boxes.some((b) => boxHasPoint(b, point))) return p;
  return -1;
}

describe("chain index against plain scans", () => {
  test.each([
    { n: 900, seed: 11, density: 1 },
    { n: 700, seed: 12, density: 16 },
    { n: 500, seed: 13, density: 255 },
  ])("$n rules at density $density", ({ n, seed, density }) => {
    const rules = chainOf(n, seed, density);
    const index = new ChainIndex(rules);
    const random = seededRandom(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const hidden = new Int32Array((rules.length >> 5) + 1);
    for (let p = 0; p < rules.length; p++) if (random() < 0.2) hidden[p >> 5] |= 1 << (p & 31);
    let overlaps = 0;
    let matches = 0;

    for (let k = 0; k < 300; k++) {
      const owner = int(0, rules.length - 1);
      const rule = rules[owner];
      if (rule.boxes.length === 0) continue;
      const from = int(0, rules.length);
      const to = int(from, rules.length);
      const mask = random() < 0.5 ? hidden : null;
      // Query with the rule's boxes or with a part of them, as the analysis does.
      const boxes = random() < 0.5 ? rule.boxes : rule.boxes.slice(0, 1);
      const expected = rules.filter(
        (r, p) =>
          p >= from && p < to && !isHidden(mask, p) && boxes.some((a) => r.boxes.some((b) => boxesOverlap(a, b))),
      );
      const found = index.overlapping(boxes, owner, from, to, mask);
      expect({ owner, from, to, found: found.map((r) => r.index) }).toEqual({
        owner,
        from,
        to,
        found: expected.map((r) => r.index),
      });
      overlaps += found.length;
      // Not exact: those and maybe more, still in order and within the range.
      const near = index.overlapping(boxes, owner, from, to, mask, false).map((r) => rules.indexOf(r));
      const exact = found.map((r) => rules.indexOf(r));
      expect(near.filter((p) => exact.includes(p))).toEqual(exact);
      expect(near.every((p, j) => p >= from && p < to && !isHidden(mask, p) && (j === 0 || near[j - 1] < p))).toBe(
        true,
      );

      for (const box of rule.boxes) {
        for (const point of [cornerPoint(box, "low"), cornerPoint(box, "high"), randomPoint(box, random)]) {
          const first = index.firstMatch(from, to, point, mask);
          expect({ owner, from, to, first }).toEqual({
            owner,
            from,
            to,
            first: scanFirstMatch(rules, from, to, point, mask),
          });
          if (first !== -1) matches++;
        }
      }
    }
    // The checks must see real answers, not only empty ones.
    expect(overlaps).toBeGreaterThan(100);
    expect(matches).toBeGreaterThan(100);
  });
});
