import { describe, expect, it } from "vitest";
import { nextHit, ruleUsage, type HitRecord } from "./hit-state";

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);

/** Reads of one rule's counter on one router, one per listed day. */
function reads(...rs: [number, number][]): HitRecord {
  let h: HitRecord | null = null;
  for (const [d, packets] of rs) h = nextHit(h, { packets, bytes: packets * 100 }, day(d));
  return h!;
}

describe("nextHit", () => {
  it("the first read is no hit: nothing is known about the time before it", () => {
    expect(reads([0, 500])).toEqual({
      packets: 500,
      bytes: 50_000,
      firstSeenAt: day(0),
      readAt: day(0),
      lastIncreasedAt: null,
    });
  });

  it("a higher read is a hit at that read; the same count is none", () => {
    expect(reads([0, 5], [1, 9]).lastIncreasedAt).toEqual(day(1));
    expect(reads([0, 5], [1, 9], [2, 9]).lastIncreasedAt).toEqual(day(1));
  });

  it("a counter that fell to 0 was reset (reboot, reload, re-add): not a hit, and the last hit is kept", () => {
    const h = reads([0, 5], [1, 9], [3, 0]);
    expect(h.lastIncreasedAt).toEqual(day(1));
    expect(h.packets).toBe(0);
    expect(h.firstSeenAt).toEqual(day(0));
  });

  it("a counter that fell but is above 0 counted packets since the reset: a hit", () => {
    expect(reads([0, 900], [2, 4]).lastIncreasedAt).toEqual(day(2));
  });
});

describe("ruleUsage", () => {
  it("no router read: unknown, not unused", () => {
    expect(ruleUsage([], 2, day(90), 30).state).toBe("unknown");
  });

  it("a hit within the window on any router: used, with the sum of the routers' counters", () => {
    const u = ruleUsage([reads([0, 5], [40, 5]), reads([0, 1], [35, 7])], 2, day(40), 30);
    expect(u).toMatchObject({ state: "used", reported: 2, routers: 2, packets: 12, lastHitAt: day(35) });
  });

  it("no rise for 30 days on every router, watched all that time: unused since the latest quiet start", () => {
    const u = ruleUsage([reads([0, 5], [2, 8], [40, 8]), reads([5, 3], [40, 3])], 2, day(40), 30);
    expect(u).toMatchObject({ state: "unused", since: day(5), lastHitAt: day(2) });
  });

  it("watched for less than the window: quiet, not unused", () => {
    expect(ruleUsage([reads([20, 5], [40, 5])], 1, day(40), 30)).toMatchObject({ state: "quiet", since: day(20) });
  });

  it("a reset after a long quiet time neither makes a hit nor shortens the watch", () => {
    const u = ruleUsage([reads([0, 50], [39, 0], [40, 0])], 1, day(40), 30);
    expect(u).toMatchObject({ state: "unused", since: day(0), lastHitAt: null });
  });

  it("a router of the set never read: quiet with the count of routers that reported, never unused", () => {
    const u = ruleUsage([reads([0, 5], [40, 5])], 2, day(40), 30);
    expect(u).toMatchObject({ state: "quiet", reported: 1, routers: 2 });
  });

  it("the window is the setting: 7 days", () => {
    expect(ruleUsage([reads([0, 5], [10, 5])], 1, day(10), 7).state).toBe("unused");
    expect(ruleUsage([reads([0, 5], [10, 5])], 1, day(10), 30).state).toBe("quiet");
  });
});
