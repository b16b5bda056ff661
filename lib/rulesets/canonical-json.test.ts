import { describe, expect, it } from "vitest";
import { sampleRuleSet } from "@/tests/support/sample-rule-set";
import { canonicalJson } from "./content-hash";

/** The text hashes were stored with until the hand-written serialiser: a key-sorting replacer. */
function replacerCanonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

describe("canonicalJson", () => {
  it.each([
    ["a sample rule set of 300 rules with address lists", sampleRuleSet(300, 7)],
    ["empty content", { rules: [], addressLists: [] }],
    ["nested keys out of order", { z: 1, a: { y: [3, { b: true, a: null }], x: 'é"\n\u2028' }, m: [] }],
    ["what JSON leaves out or nulls", { a: undefined, b: [undefined, () => 1], c: Number.NaN, d: -0, e: 1e21, f: 0.1 }],
    ["a date", { at: new Date(Date.UTC(2026, 10, 26)) }],
  ])("writes %s exactly as the key-sorting replacer did, so stored hashes still match", (_name, value) => {
    expect(canonicalJson(value)).toBe(replacerCanonicalJson(value));
  });
});
