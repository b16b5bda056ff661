import { execFileSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDirForFile } from "@/tests/support/temp-dir";

// A real SQLite file, migrated by the real CLI, before any module opens the database.
const dir = tempDirForFile("rampart-rate-limit");
process.env.DATABASE_URL = `file:${path.join(dir, "r.db")}`;

beforeAll(() => {
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: process.env,
    stdio: "pipe",
  });
});

const limit = () => import("./rate-limit");

describe("sign-in throttle (counted in the database before the password is checked)", () => {
  it.each([
    [1, 5, 0],
    [4, 5, 0],
    [5, 5, 8_000],
    [6, 5, 16_000],
    [11, 5, 512_000],
    [12, 5, 900_000],
    [40, 5, 900_000],
    [20, 20, 8_000],
  ])("attempt %i with %i free attempts blocks the next for %i ms", async (attempt, free, ms) => {
    expect((await limit()).delayAfter(attempt, free)).toBe(ms);
  });

  it("lets 5 attempts per account through, then makes each further one wait a doubling delay", async () => {
    const { reserveAttempt } = await limit();
    const keys = ["user:carol"];
    const t0 = 1_000_000_000;
    for (let i = 0; i < 5; i++) expect(await reserveAttempt(keys, t0)).toEqual({ ok: true });
    expect(await reserveAttempt(keys, t0)).toEqual({ ok: false, retryAfter: 8 });
    expect(await reserveAttempt(keys, t0 + 7_000)).toEqual({ ok: false, retryAfter: 1 });
    expect(await reserveAttempt(keys, t0 + 8_000)).toEqual({ ok: true });
    expect(await reserveAttempt(keys, t0 + 8_000)).toEqual({ ok: false, retryAfter: 16 });
    // A refused attempt is not counted: the wait does not grow while the attacker hammers.
    expect(await reserveAttempt(keys, t0 + 9_000)).toEqual({ ok: false, retryAfter: 15 });
    expect(await reserveAttempt(keys, t0 + 24_000)).toEqual({ ok: true });
    // Once the window (15 min from the first attempt) is over, the account starts afresh.
    expect(await reserveAttempt(keys, t0 + 16 * 60_000)).toEqual({ ok: true });
  });

  it("counts per account regardless of case, and per address across accounts (more generously)", async () => {
    const { loginKeys, reserveAttempt } = await limit();
    const t0 = 2_000_000_000;
    for (let i = 0; i < 20; i++)
      expect((await reserveAttempt(loginKeys(`user${i}`, "198.51.100.9"), t0)).ok).toBe(true);
    expect((await reserveAttempt(loginKeys("someone-else", "198.51.100.9"), t0)).ok).toBe(false);
    expect((await reserveAttempt(loginKeys("someone-else", "198.51.100.10"), t0)).ok).toBe(true);
    for (let i = 0; i < 5; i++) expect((await reserveAttempt(loginKeys("Dave", `203.0.113.${i}`), t0)).ok).toBe(true);
    expect((await reserveAttempt(loginKeys("dave", "203.0.113.99"), t0)).ok).toBe(false);
  });

  it("a correct password clears the account's and the address's counters", async () => {
    const { clearAttempts, loginKeys, reserveAttempt } = await limit();
    const keys = loginKeys("erin", "192.0.2.55");
    const t0 = 3_000_000_000;
    for (let i = 0; i < 5; i++) await reserveAttempt(keys, t0);
    expect((await reserveAttempt(keys, t0)).ok).toBe(false);
    await clearAttempts(keys, t0);
    expect(await reserveAttempt(keys, t0)).toEqual({ ok: true });
  });

  it("60 simultaneous wrong passwords for one account: at most 5 passwords are checked, and the right one is refused after", async () => {
    const { db } = await import("@/lib/db/client");
    const { hashPassword } = await import("./password");
    const { checkLogin } = await import("./login");
    await db.user.create({
      data: { username: "frank", passwordHash: await hashPassword("franks-real-password"), role: "admin" },
    });

    // Real concurrency: argon2 verifies run on libuv's thread pool while the other calls reach the database.
    // The last of the 60 has the right password: it comes after the 5th, so it must be refused too. (Checking it
    // after the batch would depend on the machine: a slow batch outlasts the 8 s block.)
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        checkLogin("frank", i === 59 ? "franks-real-password" : `wrong-${i}`, `198.51.100.${i}`),
      ),
    );
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    const limited = results.filter((r) => !r.ok && r.reason === "rate-limited").length;
    expect(checked).toBe(5);
    expect(limited).toBe(55);
    expect(results[59]).toMatchObject({ ok: false, reason: "rate-limited" });
    // Each checked password left one audit event; the refused ones never reached the check.
    expect(await db.auditEvent.count({ where: { action: "login.failed", actorLabel: "frank" } })).toBe(5);
  });
});
