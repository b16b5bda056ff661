import { describe, expect, test } from "vitest";
import { compileRule, resolveAddressLists } from "./compile-rule";
import { APART, changedDimensions, heldDimensions, heldMask, heldMaskWithin } from "./held-dimensions";
import { boxesOverlap, containedDimensions, intersectBox, subtractBox, type Box } from "./match-space";
import { seededRandom } from "./prng";
import { heavyOverlapRuleSet } from "@/tests/support/sample-rule-set";

/** Rule boxes of a crowded generated set, and pieces cut from them (multi-interval and cofinite sets). */
function crowdedBoxes(seed: number): { boxes: Box[]; random: () => number } {
  const content = heavyOverlapRuleSet(300, seed);
  const lists = resolveAddressLists(content.addressLists);
  const boxes = content.rules
    .filter((rule) => rule.enabled && !rule.raw && rule.chain === "forward")
    .flatMap((rule, index) => compileRule(rule, index, lists).boxes);
  const random = seededRandom(seed);
  for (let k = 0; k < 400; k++) {
    const a = boxes[Math.floor(random() * boxes.length)];
    const b = boxes[Math.floor(random() * boxes.length)];
    boxes.push(...subtractBox(a, b));
  }
  return { boxes, random };
}

describe("heldDimensions", () => {
  test("agrees with boxesOverlap and containedDimensions on rule boxes and the pieces cut from them", () => {
    const { boxes, random } = crowdedBoxes(21);
    let apart = 0;
    let whole = 0;
    for (let k = 0; k < 20000; k++) {
      const a = boxes[Math.floor(random() * boxes.length)];
      const b = boxes[Math.floor(random() * boxes.length)];
      const expected = boxesOverlap(a, b) ? containedDimensions(a, b) : APART;
      expect(heldDimensions(a, b)).toBe(expected);
      if (expected === APART) apart++;
      if (expected === 11) whole++;
    }
    expect(apart).toBeGreaterThan(1000);
    expect(whole).toBeGreaterThan(50);
  });
});

describe("heldMaskWithin", () => {
  test("for the parts of a box, as heldMask finds them from scratch", () => {
    const { boxes, random } = crowdedBoxes(22);
    let parts = 0;
    let apart = 0;
    for (let k = 0; k < 10000; k++) {
      const box = boxes[Math.floor(random() * boxes.length)];
      const cutter = boxes[Math.floor(random() * boxes.length)];
      // The parts the analysis makes of a box: outside a cutter, and inside it.
      const inside = intersectBox(box, cutter);
      const pieces = inside === null ? [] : [inside, ...subtractBox(box, cutter)];
      for (let c = 0; c < 8; c++) {
        const cut = boxes[Math.floor(random() * boxes.length)];
        const mask = heldMask(box, cut);
        if (mask === APART) continue;
        for (const part of pieces) {
          const expected = heldMask(part, cut);
          expect(heldMaskWithin(part, cut, mask, changedDimensions(part, box))).toBe(expected);
          parts++;
          if (expected === APART) apart++;
        }
      }
    }
    expect(parts).toBeGreaterThan(3000);
    expect(apart).toBeGreaterThan(1000);
  });
});
