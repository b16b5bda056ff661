import { describe, expect, test } from "vitest";
import { compileRule, resolveAddressLists, type CompiledRule } from "./compile-rule";
import { findDeciders } from "./deciders";
import { markDeciders } from "./candidate-deciders";
import { cutsOf, entry, fileRegion } from "./candidate-lists";
import { ALL_HELD } from "./held-dimensions";
import { intersectBox, subtractBox, type Box } from "./match-space";
import { heavyOverlapRuleSet, sampleRuleSet } from "@/tests/support/sample-rule-set";
import { seededRandom } from "./prng";

/**
 * findDeciders against the definition, by plain subtraction: candidate k decides some packet of the region
 * when (region ∩ k) minus every candidate before k is not empty; the rest decides when the region minus every
 * candidate is not empty. Regions and candidates are rules of crowded generated sets (nested prefixes,
 * overlapping port ranges), so most candidates meet the region only in part.
 */

function minus(boxes: readonly Box[], cutters: readonly (readonly Box[])[]): Box[] {
  return cutters.reduce<Box[]>(
    (left, c) => c.reduce<Box[]>((l, cut) => l.flatMap((b) => subtractBox(b, cut)), left),
    [...boxes],
  );
}

function meet(boxes: readonly Box[], other: readonly Box[]): Box[] {
  return boxes.flatMap((a) => other.map((b) => intersectBox(a, b)).filter((x): x is Box => x !== null));
}

function referenceDeciders(region: readonly Box[], candidates: readonly (readonly Box[])[], rest: boolean): number[] {
  const found = candidates
    .map((c, k) => k)
    .filter((k) => minus(meet(region, candidates[k]), candidates.slice(0, k)).length > 0);
  if (rest && minus(region, candidates).length > 0) found.push(candidates.length);
  return found;
}

function forwardChain(rules: ReturnType<typeof heavyOverlapRuleSet>): CompiledRule[] {
  const lists = resolveAddressLists(rules.addressLists);
  return rules.rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => rule.enabled && rule.chain === "forward")
    .map(({ rule, index }) => compileRule(rule, index, lists));
}

/**
 * Regions (a rule of the chain's second half, where the analysis asks most) and, for each, the rules meeting
 * it in chain order, at most 50, from a generated chain.
 */
function* cases(chain: CompiledRule[], count: number, seed: number) {
  const random = seededRandom(seed);
  for (let c = 0; c < count; c++) {
    const subject = chain[Math.floor(chain.length / 2 + (random() * chain.length) / 2)];
    if (subject.boxes.length === 0) continue;
    const candidates = chain.filter((r) => r !== subject && meet(subject.boxes, r.boxes).length > 0).slice(0, 50);
    yield { region: subject.boxes, candidates: candidates.map((r) => r.boxes), rest: random() < 0.5 };
  }
}

describe("findDeciders", () => {
  test("names exactly the candidates that are the first match for some packet of the region (heavy overlap)", () => {
    let deciders = 0;
    let others = 0;
    for (const seed of [1, 2, 3, 4]) {
      for (const { region, candidates, rest } of cases(forwardChain(heavyOverlapRuleSet(300, seed)), 25, seed)) {
        const done = new Uint8Array(candidates.length + 1);
        const stopped = findDeciders(region, candidates, done, rest, () => false);
        const found = [...done.keys()].filter((k) => done[k] === 1);
        const expected = referenceDeciders(region, candidates, rest);
        expect({ seed, stopped, found }).toEqual({ seed, stopped: false, found: expected });
        deciders += expected.length;
        others += candidates.length + (rest ? 1 : 0) - expected.length;
      }
    }
    // Both answers occur often, or the comparison proves little.
    expect(deciders).toBeGreaterThan(200);
    expect(others).toBeGreaterThan(100);
  });

  test("on the sparse benchmark set too, and candidates already reported are neither reported again nor lost", () => {
    for (const { region, candidates, rest } of cases(forwardChain(sampleRuleSet(600, 5, 40)), 40, 5)) {
      const expected = referenceDeciders(region, candidates, rest);
      // Mark every other true decider as known beforehand: the search reports exactly the rest of them.
      const done = new Uint8Array(candidates.length + 1);
      expected.forEach((k, i) => i % 2 === 0 && (done[k] = 1));
      const reported: number[] = [];
      findDeciders(region, candidates, done, rest, (k) => (reported.push(k), false));
      expect(reported.sort((a, b) => a - b)).toEqual(expected.filter((_, i) => i % 2 === 1));
    }
  });

  test("stops at the first decider the caller asks to stop at", () => {
    for (const { region, candidates, rest } of cases(forwardChain(heavyOverlapRuleSet(200, 9)), 30, 9)) {
      const expected = referenceDeciders(region, candidates, rest);
      if (expected.length < 2) continue;
      const target = expected[expected.length - 1];
      const done = new Uint8Array(candidates.length + 1);
      const stopped = findDeciders(region, candidates, done, rest, (k) => k === target);
      expect(stopped).toBe(true);
      // Nothing that is not a decider was reported on the way.
      for (let k = 0; k < done.length; k++) if (done[k] === 1) expect(expected).toContain(k);
    }
  });

  test("markDeciders (each candidate alone first, then the search) names the same candidates, the rest too", () => {
    let deciders = 0;
    for (const seed of [1, 2, 3, 4]) {
      for (const { region, candidates, rest } of cases(forwardChain(heavyOverlapRuleSet(300, seed)), 25, seed)) {
        const expected = referenceDeciders(region, candidates, rest);
        const cuts = cutsOf(candidates);
        const filed = fileRegion(region, cuts);
        if (rest) for (const { list, whole } of filed) if (!whole) list.push(entry(candidates.length, ALL_HELD));
        const done = new Uint8Array(candidates.length + 1);
        // one true decider known beforehand, as the analysis's sample packets find some
        if (expected.length > 1) done[expected[1]] = 1;
        const stopped = markDeciders(filed, cuts, done, () => false);
        const found = [...done.keys()].filter((k) => done[k] === 1);
        expect({ seed, stopped, found }).toEqual({ seed, stopped: false, found: expected });
        deciders += expected.length;
      }
    }
    expect(deciders).toBeGreaterThan(200);
  });

  test("markDeciders stops at the first decider the caller asks to stop at", () => {
    for (const { region, candidates, rest } of cases(forwardChain(heavyOverlapRuleSet(200, 9)), 30, 9)) {
      const expected = referenceDeciders(region, candidates, rest);
      if (expected.length < 2) continue;
      const target = expected[expected.length - 1];
      const cuts = cutsOf(candidates);
      const filed = fileRegion(region, cuts);
      if (rest) for (const { list, whole } of filed) if (!whole) list.push(entry(candidates.length, ALL_HELD));
      const done = new Uint8Array(candidates.length + 1);
      expect(markDeciders(filed, cuts, done, (k) => k === target)).toBe(true);
      for (let k = 0; k < done.length; k++) if (done[k] === 1) expect(expected).toContain(k);
    }
  });
});
