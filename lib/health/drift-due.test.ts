import { describe, expect, it } from "vitest";
import { driftDue } from "./drift-due";

const MIN = 60_000;
const now = Date.parse("2026-12-07T12:00:00Z");
const readAgo = (ms: number) => new Date(now - ms);
const up = (ago: number) => ({ state: "up", driftState: "in-sync", driftCheckedAt: readAgo(ago) });

describe("when a poll reads a pushed router's firewall", () => {
  it("every poll without an interval; never read, a failed read or a router that was not up: at once", () => {
    expect(driftDue("r1", up(0), undefined, now)).toBe(true);
    expect(driftDue("r1", { ...up(0), driftCheckedAt: null }, 5 * MIN, now)).toBe(true);
    expect(driftDue("r1", { ...up(0), driftState: "unreachable" }, 5 * MIN, now)).toBe(true);
    for (const state of ["down", "auth-failed", "unknown"])
      expect(driftDue("r1", { ...up(0), state }, 5 * MIN, now)).toBe(true);
    expect(driftDue("r1", { ...up(0), state: "degraded" }, 5 * MIN, now)).toBe(false);
  });

  it("otherwise at most one interval after the last read, at least half of one, spread over the fleet", () => {
    const ids = Array.from({ length: 400 }, (_, i) => `router-${i}`);
    for (const id of ids) {
      expect(driftDue(id, up(5 * MIN), 5 * MIN, now)).toBe(true);
      expect(driftDue(id, up(2.5 * MIN - 1), 5 * MIN, now)).toBe(false);
    }
    // a fleet pushed at once: after 3.75 min (three quarters of the interval) about half of it is due, not all
    const due = ids.filter((id) => driftDue(id, up(3.75 * MIN), 5 * MIN, now)).length;
    expect(due).toBeGreaterThan(120);
    expect(due).toBeLessThan(280);
  });
});
