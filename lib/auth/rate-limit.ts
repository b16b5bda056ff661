/**
 * Login throttling per account and per client address, in memory (one server process).
 * After `freeAttempts` failures inside the window, each further attempt must wait an exponentially growing delay.
 */
interface Bucket {
  failures: number;
  firstAt: number;
  blockedUntil: number;
}

const WINDOW_MS = 15 * 60_000;
/** One account gets few tries; one address gets more, since offices and NATs share addresses. */
const FREE_ATTEMPTS = { user: 5, ip: 20 } as const;
const MAX_DELAY_MS = 15 * 60_000;

const buckets = new Map<string, Bucket>();

function bucket(key: string, now: number): Bucket {
  let b = buckets.get(key);
  if (!b || now - b.firstAt > WINDOW_MS) {
    b = { failures: 0, firstAt: now, blockedUntil: 0 };
    buckets.set(key, b);
  }
  return b;
}

/** Seconds to wait before another attempt is allowed for any of the keys; 0 when allowed. */
export function retryAfterSeconds(keys: string[], now = Date.now()): number {
  let wait = 0;
  for (const k of keys) wait = Math.max(wait, bucket(k, now).blockedUntil - now);
  return Math.ceil(Math.max(0, wait) / 1000);
}

export function recordFailure(keys: string[], now = Date.now()): void {
  for (const k of keys) {
    const b = bucket(k, now);
    b.failures += 1;
    const free = k.startsWith("ip:") ? FREE_ATTEMPTS.ip : FREE_ATTEMPTS.user;
    if (b.failures >= free) {
      const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(20, b.failures - free + 3));
      b.blockedUntil = now + delay;
    }
  }
  if (buckets.size > 50_000) for (const [k, b] of buckets) if (now - b.firstAt > WINDOW_MS) buckets.delete(k);
}

export function recordSuccess(keys: string[]): void {
  for (const k of keys) buckets.delete(k);
}

export function loginKeys(username: string, ip: string | null): string[] {
  return [`user:${username.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
}
