import { db } from "@/lib/db/client";

/** States in which a router answers: both count as up time (degraded is slow, not gone). */
export const UP_STATES: ReadonlySet<string> = new Set(["up", "degraded"]);

export const DAY_MS = 86400_000;
export const UPTIME_WINDOWS = { "24h": DAY_MS, "30d": 30 * DAY_MS } as const;

export interface StateChangePoint {
  at: Date;
  fromState: string;
  toState: string;
}

/**
 * Share of the window [since, now] the router was up, from its state changes (oldest first, all at or after
 * `since`) and its current state. A state holds from its change until the next one; time in "unknown" (before the
 * first poll, or before changes were recorded) counts neither way. Null when no time in the window is known.
 */
export function uptimeRatio(
  changes: readonly StateChangePoint[],
  current: { state: string; stateSince: Date | null },
  since: number,
  now: number,
): number | null {
  const segments: { from: number; to: number; state: string }[] = [];
  if (changes.length === 0) {
    const start = current.stateSince?.getTime();
    if (start == null) return null;
    segments.push({ from: Math.max(since, start), to: now, state: current.state });
  } else {
    segments.push({ from: since, to: changes[0].at.getTime(), state: changes[0].fromState });
    changes.forEach((c, i) =>
      segments.push({ from: c.at.getTime(), to: changes[i + 1]?.at.getTime() ?? now, state: c.toState }),
    );
  }
  let known = 0;
  let up = 0;
  for (const s of segments) {
    const length = Math.max(0, Math.min(s.to, now) - Math.max(s.from, since));
    if (s.state === "unknown") continue;
    known += length;
    if (UP_STATES.has(s.state)) up += length;
  }
  return known > 0 ? up / known : null;
}

export type Uptime = { "24h": number | null; "30d": number | null };

/**
 * Uptime over 24 h and 30 d for a page of routers: one query for their state changes of the last 30 days, grouped
 * here. A router that changes state rarely has a handful of rows; no samples are read.
 */
export async function uptimeFor(
  routers: { id: string; state: string; stateSince: Date | null }[],
  now = Date.now(),
): Promise<Map<string, Uptime>> {
  const since30 = now - UPTIME_WINDOWS["30d"];
  const rows = routers.length
    ? await db.routerStateChange.findMany({
        where: { routerId: { in: routers.map((r) => r.id) }, at: { gte: new Date(since30) } },
        orderBy: [{ routerId: "asc" }, { at: "asc" }, { id: "asc" }],
        select: { routerId: true, at: true, fromState: true, toState: true },
      })
    : [];
  const byRouter = new Map<string, StateChangePoint[]>();
  for (const r of rows) {
    const list = byRouter.get(r.routerId) ?? [];
    list.push(r);
    byRouter.set(r.routerId, list);
  }
  const since24 = now - UPTIME_WINDOWS["24h"];
  return new Map(
    routers.map((r) => {
      const all = byRouter.get(r.id) ?? [];
      const day = all.filter((c) => c.at.getTime() >= since24);
      // The 24 h window starts in the state the last earlier change left (or the 30 d window's first "from").
      const before = all.filter((c) => c.at.getTime() < since24).at(-1);
      const dayChanges =
        before && day.length === 0
          ? []
          : before
            ? [{ at: new Date(since24), fromState: before.toState, toState: before.toState }, ...day]
            : day;
      const current = { state: r.state, stateSince: before && day.length === 0 ? before.at : r.stateSince };
      return [
        r.id,
        { "24h": uptimeRatio(dayChanges, current, since24, now), "30d": uptimeRatio(all, current, since30, now) },
      ];
    }),
  );
}

/** The last state changes of one router, newest first: the router page's "recent checks", without repeats. */
export async function recentStateChanges(
  routerId: string,
  take = 20,
): Promise<{ at: string; fromState: string; toState: string; error: string | null }[]> {
  const rows = await db.routerStateChange.findMany({
    where: { routerId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take,
    select: { at: true, fromState: true, toState: true, error: true },
  });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
