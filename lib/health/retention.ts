import { db } from "@/lib/db/client";

/** Raw samples are kept this long (the "last hour" chart reads them); older ones are folded into rollups. */
export const RAW_RETENTION_MS = 2 * 3600_000;
export const ROLLUP_BUCKET_SECS = 300;
export const ROLLUP_RETENTION_MS = 30 * 86400_000;

/** Routers whose old samples one transaction folds: a handful of statements, a few milliseconds. */
export const COMPACT_ROUTERS_PER_BATCH = 5;

/**
 * Folds raw samples older than the raw window into 5-minute buckets and deletes them, so the database grows with
 * routers × buckets, not with routers × polls. A few routers at a time, each batch its own short transaction
 * with a turn of the event loop between: one transaction over the whole fleet held the database for 7 s at
 * 1,000 routers (52 s at 10,000) while every poll's write waited.
 */
export async function compactHealthSamples(
  now = Date.now(),
  routersPerBatch = COMPACT_ROUTERS_PER_BATCH,
): Promise<{ folded: number; batches: number; longestBatchMs: number }> {
  const cutoff = new Date(now - RAW_RETENTION_MS);
  const rollupCutoff = new Date(now - ROLLUP_RETENTION_MS);
  const routers = (await db.router.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
  let folded = 0;
  let batches = 0;
  let longestBatchMs = 0;
  for (let i = 0; i < routers.length; i += routersPerBatch) {
    const ids = routers.slice(i, i + routersPerBatch);
    const started = performance.now();
    folded += await db.$transaction((tx) => foldBatch(tx, ids, cutoff, rollupCutoff));
    longestBatchMs = Math.max(longestBatchMs, performance.now() - started);
    batches += 1;
    await new Promise((r) => setImmediate(r));
  }
  // State changes feed the 30-day uptime; older ones are no longer read (the first kept one says what came before).
  await db.routerStateChange.deleteMany({ where: { at: { lt: rollupCutoff } } });
  return { folded, batches, longestBatchMs };
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

async function foldBatch(tx: Tx, routerIds: string[], cutoff: Date, rollupCutoff: Date): Promise<number> {
  const bucketMs = ROLLUP_BUCKET_SECS * 1000;
  const old = await tx.healthSample.findMany({
    where: { routerId: { in: routerIds }, at: { lt: cutoff } },
    select: { id: true, routerId: true, at: true, state: true, latencyMs: true },
  });
  await tx.healthRollup.deleteMany({ where: { routerId: { in: routerIds }, bucketStart: { lt: rollupCutoff } } });
  if (old.length === 0) return 0;
  const groups = new Map<
    string,
    {
      routerId: string;
      bucketStart: Date;
      samples: number;
      up: number;
      latSum: number;
      latN: number;
      latMax: number | null;
    }
  >();
  for (const s of old) {
    const start = new Date(Math.floor(s.at.getTime() / bucketMs) * bucketMs);
    const key = `${s.routerId}|${start.getTime()}`;
    const g = groups.get(key) ?? {
      routerId: s.routerId,
      bucketStart: start,
      samples: 0,
      up: 0,
      latSum: 0,
      latN: 0,
      latMax: null,
    };
    g.samples += 1;
    if (s.state === "up" || s.state === "degraded") g.up += 1;
    if (s.latencyMs != null) {
      g.latSum += s.latencyMs;
      g.latN += 1;
      g.latMax = Math.max(g.latMax ?? 0, s.latencyMs);
    }
    groups.set(key, g);
  }
  const starts = [...new Set([...groups.values()].map((g) => g.bucketStart.getTime()))].map((t) => new Date(t));
  const existingRows = await tx.healthRollup.findMany({
    where: { routerId: { in: routerIds }, bucketSecs: ROLLUP_BUCKET_SECS, bucketStart: { in: starts } },
  });
  const existing = new Map(existingRows.map((r) => [`${r.routerId}|${r.bucketStart.getTime()}`, r]));
  // Buckets seen for the first time (nearly all) go in one statement; only a bucket a previous run began is updated.
  const fresh: {
    routerId: string;
    bucketSecs: number;
    bucketStart: Date;
    samples: number;
    upSamples: number;
    avgLatencyMs: number | null;
    maxLatencyMs: number | null;
  }[] = [];
  for (const [key, g] of groups) {
    const e = existing.get(key);
    const latN = g.latN + (e?.avgLatencyMs != null ? e.samples : 0);
    const latSum = g.latSum + (e?.avgLatencyMs != null ? e.avgLatencyMs * e.samples : 0);
    const data = {
      samples: (e?.samples ?? 0) + g.samples,
      upSamples: (e?.upSamples ?? 0) + g.up,
      avgLatencyMs: latN ? latSum / latN : null,
      maxLatencyMs: Math.max(e?.maxLatencyMs ?? 0, g.latMax ?? 0) || null,
    };
    if (e)
      await tx.healthRollup.update({
        where: {
          routerId_bucketSecs_bucketStart: {
            routerId: e.routerId,
            bucketSecs: e.bucketSecs,
            bucketStart: e.bucketStart,
          },
        },
        data,
      });
    else fresh.push({ routerId: g.routerId, bucketSecs: ROLLUP_BUCKET_SECS, bucketStart: g.bucketStart, ...data });
  }
  if (fresh.length) await tx.healthRollup.createMany({ data: fresh });
  await tx.healthSample.deleteMany({ where: { id: { in: old.map((s) => s.id) } } });
  return old.length;
}
