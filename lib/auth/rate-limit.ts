import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Sign-in throttling per account and per client address, kept in the database so it holds across requests
 * running at once and across server processes.
 *
 * An attempt is reserved before its password is checked: one INSERT … ON CONFLICT DO UPDATE … WHERE …
 * RETURNING either counts the attempt (and, from the `free`-th attempt on, sets the block the next one must
 * wait out) or changes nothing because the key is blocked. Only a reserved attempt may check a password, so
 * sixty requests sent at once get at most `free` password checks, however they interleave. Checking first and
 * counting the failure afterwards let every request in flight through before the first failure was counted.
 * The statement is plain SQL that SQLite (3.35+) and PostgreSQL both run.
 */

const WINDOW_MS = 15 * 60_000;
/** One account gets few tries; one address gets more, since offices and NATs share addresses. */
export const FREE_ATTEMPTS = { user: 5, ip: 20 } as const;
const MAX_DELAY_MS = 15 * 60_000;

export type Reservation = { ok: true } | { ok: false; retryAfter: number };

/** How long the attempt numbered `attempt` (1-based, in one window) blocks the next: nothing until `free`, then 8 s doubling, at most 15 min. */
export function delayAfter(attempt: number, free: number): number {
  if (attempt < free) return 0;
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(20, attempt - free + 3));
}

export function loginKeys(username: string, ip: string | null): string[] {
  // The address first: an attempt an address may not make does not use up the account's tries.
  return [...(ip ? [`ip:${ip}`] : []), `user:${username.toLowerCase()}`];
}

const freeFor = (key: string) => (key.startsWith("ip:") ? FREE_ATTEMPTS.ip : FREE_ATTEMPTS.user);

/** blockedUntil for the attempt count `n` (an SQL expression): a CASE listing each step of the doubling delay. */
function blockedUntilFor(n: Prisma.Sql, now: number, free: number): Prisma.Sql {
  const steps: Prisma.Sql[] = [];
  for (let a = free; delayAfter(a, free) < MAX_DELAY_MS; a++)
    steps.push(Prisma.sql`WHEN ${a} THEN ${BigInt(now + delayAfter(a, free))}`);
  return Prisma.sql`CASE WHEN ${n} < ${free} THEN ${0n} ${steps.length ? Prisma.sql`ELSE CASE ${n} ${Prisma.join(steps, " ")} ELSE ${BigInt(now + MAX_DELAY_MS)} END` : Prisma.sql`ELSE ${BigInt(now + MAX_DELAY_MS)}`} END`;
}

/** Counts one attempt for `key` unless it is blocked; atomic in the database. */
async function reserveOne(key: string, now: number): Promise<Reservation> {
  const free = freeFor(key);
  const expired = Prisma.sql`"LoginThrottle"."windowStart" <= ${BigInt(now - WINDOW_MS)}`;
  const next = Prisma.sql`(CASE WHEN ${expired} THEN 1 ELSE "LoginThrottle"."attempts" + 1 END)`;
  const rows = await db.$queryRaw<{ attempts: number | bigint }[]>`
    INSERT INTO "LoginThrottle" ("key", "attempts", "windowStart", "blockedUntil")
    VALUES (${key}, 1, ${BigInt(now)}, ${BigInt(delayAfter(1, free) ? now + delayAfter(1, free) : 0)})
    ON CONFLICT ("key") DO UPDATE SET
      "attempts" = ${next},
      "windowStart" = CASE WHEN ${expired} THEN ${BigInt(now)} ELSE "LoginThrottle"."windowStart" END,
      "blockedUntil" = ${blockedUntilFor(next, now, free)}
    WHERE ${expired} OR "LoginThrottle"."blockedUntil" <= ${BigInt(now)}
    RETURNING "attempts"`;
  if (rows.length > 0) return { ok: true };
  const row = await db.loginThrottle.findUnique({ where: { key } });
  const wait = row ? Number(row.blockedUntil) - now : 1000;
  return { ok: false, retryAfter: Math.max(1, Math.ceil(wait / 1000)) };
}

/**
 * Reserves one attempt on every key, in order; refused as soon as one key is blocked (the keys after it are
 * not counted). Call before checking a password, and check it only when this says ok.
 */
export async function reserveAttempt(keys: string[], now = Date.now()): Promise<Reservation> {
  for (const key of keys) {
    const r = await reserveOne(key, now);
    if (!r.ok) return r;
  }
  return { ok: true };
}

/** A correct password clears its keys; rows whose window and block are both over are swept at the same time. */
export async function clearAttempts(keys: string[], now = Date.now()): Promise<void> {
  await db.loginThrottle.deleteMany({
    where: {
      OR: [{ key: { in: keys } }, { windowStart: { lt: BigInt(now - WINDOW_MS) }, blockedUntil: { lt: BigInt(now) } }],
    },
  });
}
