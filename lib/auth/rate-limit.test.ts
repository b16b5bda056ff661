import { describe, expect, it } from "vitest";
import { loginKeys, recordFailure, recordSuccess, retryAfterSeconds } from "./rate-limit";

describe("login rate limit", () => {
  it("allows five failures, then makes the account wait, growing with each failure", () => {
    const keys = loginKeys("Carol", "192.0.2.7");
    const t0 = 1_000_000;
    for (let i = 0; i < 4; i++) recordFailure(keys, t0);
    expect(retryAfterSeconds(keys, t0)).toBe(0);
    recordFailure(keys, t0);
    const first = retryAfterSeconds(keys, t0);
    expect(first).toBeGreaterThan(0);
    recordFailure(keys, t0);
    expect(retryAfterSeconds(keys, t0)).toBeGreaterThan(first);
    expect(retryAfterSeconds(keys, t0 + 16 * 60_000)).toBe(0);
  });

  it("counts per account regardless of case, and per address across accounts (more generously)", () => {
    const t0 = 2_000_000;
    for (let i = 0; i < 19; i++) recordFailure(loginKeys(`user${i}`, "198.51.100.9"), t0);
    expect(retryAfterSeconds(loginKeys("someone-else", "198.51.100.9"), t0)).toBe(0);
    recordFailure(loginKeys("user19", "198.51.100.9"), t0);
    expect(retryAfterSeconds(loginKeys("someone-else", "198.51.100.9"), t0)).toBeGreaterThan(0);
    expect(retryAfterSeconds(loginKeys("someone-else", "198.51.100.10"), t0)).toBe(0);
    for (let i = 0; i < 5; i++) recordFailure(loginKeys("Dave", `203.0.113.${i}`), t0);
    expect(retryAfterSeconds(loginKeys("dave", "203.0.113.99"), t0)).toBeGreaterThan(0);
  });

  it("a success clears the counters", () => {
    const keys = loginKeys("erin", "192.0.2.55");
    for (let i = 0; i < 5; i++) recordFailure(keys, 3_000_000);
    recordSuccess(keys);
    expect(retryAfterSeconds(keys, 3_000_000)).toBe(0);
  });
});
