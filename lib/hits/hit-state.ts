/**
 * What counter reads say about a rule's use. A router counts a rule's packets from the moment the row was made
 * and starts again at 0 when it reboots, reloads its firewall or the row is made anew by a push: so a read lower
 * than the one before is a reset, never negative traffic. Only the latest read and the last time a read found more
 * than the one before are kept (bounded storage), and nothing is claimed about the time before the first read.
 */

export interface HitRecord {
  packets: number;
  bytes: number;
  /** The first read that found the rule on this router. */
  firstSeenAt: Date;
  readAt: Date;
  /** The last read that found the counter higher than the read before (or reset and counting again). */
  lastIncreasedAt: Date | null;
}

export function nextHit(prev: HitRecord | null, read: { packets: number; bytes: number }, now: Date): HitRecord {
  if (!prev) return { ...read, firstSeenAt: now, readAt: now, lastIncreasedAt: null };
  // After a reset the counter started from 0 at some time after the previous read: anything on it now was
  // matched since then. Without a reset, more than before is traffic since the previous read.
  const reset = read.packets < prev.packets;
  const increased = reset ? read.packets > 0 : read.packets > prev.packets;
  return {
    ...read,
    firstSeenAt: prev.firstSeenAt,
    readAt: now,
    lastIncreasedAt: increased ? now : prev.lastIncreasedAt,
  };
}

/**
 * A rule's use across the routers of its rule set:
 * - unknown: no router's counters for it were ever read;
 * - used: some router's counter went up within the last `days` days (`lastHitAt`);
 * - unused: every router of the set was read and none saw its counter go up for `days` days, watched over that
 *   whole time: no hits `since` (the latest of each router's last rise, or its first read when it never rose);
 * - quiet: no rise seen within `days` days, but not every router was watched that long (or some never read).
 */
export type RuleUsage = {
  state: "unknown" | "used" | "unused" | "quiet";
  /** Routers of the rule set, and how many of them reported a counter for the rule. */
  routers: number;
  reported: number;
  /** Sum of the latest counters of the routers that reported. */
  packets: number;
  bytes: number;
  lastHitAt: Date | null;
  /** unused / quiet: no router saw a hit since then. */
  since: Date | null;
};

const DAY_MS = 86_400_000;

export function ruleUsage(hits: readonly HitRecord[], routers: number, now: Date, days: number): RuleUsage {
  const reported = hits.length;
  const packets = hits.reduce((n, h) => n + h.packets, 0);
  const bytes = hits.reduce((n, h) => n + h.bytes, 0);
  const lastHitAt = latest(hits.map((h) => h.lastIncreasedAt));
  const base = { routers, reported, packets, bytes, lastHitAt };
  if (reported === 0) return { ...base, state: "unknown", since: null };
  const window = days * DAY_MS;
  if (lastHitAt && now.getTime() - lastHitAt.getTime() < window) return { ...base, state: "used", since: null };
  const quietSince = hits.map((h) => h.lastIncreasedAt ?? h.firstSeenAt);
  const since = latest(quietSince)!;
  const watchedLongEnough = hits.every((h, i) => h.readAt.getTime() - quietSince[i].getTime() >= window);
  return { ...base, state: watchedLongEnough && reported >= routers ? "unused" : "quiet", since };
}

function latest(dates: (Date | null)[]): Date | null {
  let out: Date | null = null;
  for (const d of dates) if (d && (!out || d > out)) out = d;
  return out;
}
