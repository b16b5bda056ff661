import { describe, expect, it } from "vitest";
import { newRuleId } from "@/lib/rules/new-id";
import { decodeHits, encodeHits, type RuleHitState } from "./hit-codec";

const t = (ms: number) => new Date(Date.UTC(2026, 11, 1) + ms);

describe("hit codec", () => {
  it("gives back exactly what it was given: counters, first reads, last rises and rules without one", () => {
    const rules = new Map<string, RuleHitState>([
      ["rweb0001", { packets: 0, bytes: 0, firstSeenAt: t(0), lastIncreasedAt: null }],
      ["rssh0001", { packets: 12, bytes: 840, firstSeenAt: t(0), lastIncreasedAt: t(300_123) }],
      // counters past 32 bits, a rule id from another hand, a rule first seen later
      ["r-ünï v6", { packets: 2 ** 40 + 7, bytes: Number.MAX_SAFE_INTEGER, firstSeenAt: t(5), lastIncreasedAt: t(5) }],
    ]);
    expect(decodeHits(encodeHits(rules))).toEqual(rules);
    expect(decodeHits(encodeHits(new Map()))).toEqual(new Map());
  });

  it("the same state is the same bytes, whatever order the rules came in (an unchanged read is seen as one)", () => {
    const a: RuleHitState = { packets: 1, bytes: 2, firstSeenAt: t(0), lastIncreasedAt: null };
    const b: RuleHitState = { packets: 3, bytes: 4, firstSeenAt: t(1), lastIncreasedAt: t(2) };
    expect(
      encodeHits(
        new Map([
          ["rb", b],
          ["ra", a],
        ]),
      ),
    ).toEqual(
      encodeHits(
        new Map([
          ["ra", a],
          ["rb", b],
        ]),
      ),
    );
  });

  it("bytes it did not write read as nothing, never as counters", () => {
    const good = encodeHits(
      new Map([["rssh0001", { packets: 1, bytes: 1, firstSeenAt: t(0), lastIncreasedAt: t(0) }]]),
    );
    expect(decodeHits(new Uint8Array())).toBeNull();
    expect(decodeHits(Uint8Array.from([9, ...good.subarray(1)]))).toBeNull();
    expect(decodeHits(good.subarray(0, good.length - 1))).toBeNull();
    expect(decodeHits(Uint8Array.from([...good, 0]))).toBeNull();
  });

  it("2,000 rules, a third of them hit at 20 different reads: about 18 bytes a rule", () => {
    const rules = new Map<string, RuleHitState>();
    for (let i = 0; i < 2000; i++) {
      const hit = i % 3 === 0;
      rules.set(newRuleId(), {
        packets: hit ? 987_654 : 0,
        bytes: hit ? 123_456_789_012 : 0,
        firstSeenAt: t(0),
        lastIncreasedAt: hit ? t((i % 20) * 300_000) : null,
      });
    }
    const bytes = encodeHits(rules);
    expect(bytes.length).toBeLessThan(2000 * 20);
    expect(decodeHits(bytes)).toEqual(rules);
  });
});
