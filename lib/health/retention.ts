import { db } from "@/lib/db/client";
import { execute, join, queryRows, sql } from "@/lib/db/direct-sql";

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
    folded += await foldBatch(ids, cutoff, rollupCutoff);
    longestBatchMs = Math.max(longestBatchMs, performance.now() - started);
    batches += 1;
    await new Promise((r) => setImmediate(r));
  }
  // State changes feed the 30-day uptime; older ones are no longer read (the first kept one says what came before).
  await db.routerStateChange.deleteMany({ where: { at: { lt: rollupCutoff } } });
  return { folded, batches, longestBatchMs };
}

type SampleRow = { routerId: string; at: string; state: string; latencyMs: number | null };

/**
 * One batch, begin to commit: a read of its samples, a fold in memory (a few hundred rows) and one upsert per
 * bucket, all plain SQL (lib/db/direct-sql). Through Prisma the same batch compiled five queries inside the
 * transaction and the longest batch held the database 212 ms at 10,000 routers.
 */
async function foldBatch(routerIds: string[], cutoff: Date, rollupCutoff: Date): Promise<number> {
  const bucketMs = ROLLUP_BUCKET_SECS * 1000;
  return db.$transaction(async () => {
    const ids = join(routerIds);
    const old = (await queryRows(sql`
      SELECT "routerId", "at", "state", "latencyMs" FROM "HealthSample"
      WHERE "routerId" IN (${ids}) AND "at" < ${cutoff}`)) as SampleRow[];
    const groups = new Map<
      string,
      { routerId: string; bucketStart: Date; samples: number; up: number; latSum: number; latN: number; latMax: number }
    >();
    for (const s of old) {
      const start = Math.floor(new Date(s.at).getTime() / bucketMs) * bucketMs;
      const key = `${s.routerId}|${start}`;
      let g = groups.get(key);
      if (!g)
        groups.set(
          key,
          (g = {
            routerId: s.routerId,
            bucketStart: new Date(start),
            samples: 0,
            up: 0,
            latSum: 0,
            latN: 0,
            latMax: 0,
          }),
        );
      g.samples += 1;
      if (s.state === "up" || s.state === "degraded") g.up += 1;
      if (s.latencyMs != null) {
        g.latSum += s.latencyMs;
        g.latN += 1;
        g.latMax = Math.max(g.latMax, s.latencyMs);
      }
    }
    // A bucket a previous run began is merged, each average weighed by the samples that had a latency (a
    // rollup's are its up samples: a down one has none).
    const upserts = [...groups.values()].map((g) => {
      const avg = g.latN ? g.latSum / g.latN : null;
      return sql`
        INSERT INTO "HealthRollup" ("routerId", "bucketSecs", "bucketStart", "samples", "upSamples", "avgLatencyMs", "maxLatencyMs")
        VALUES (${g.routerId}, ${ROLLUP_BUCKET_SECS}, ${g.bucketStart}, ${g.samples}, ${g.up}, ${avg}, ${g.latMax || null})
        ON CONFLICT ("routerId", "bucketSecs", "bucketStart") DO UPDATE SET
          "samples" = "HealthRollup"."samples" + excluded."samples",
          "upSamples" = "HealthRollup"."upSamples" + excluded."upSamples",
          "avgLatencyMs" = CASE
            WHEN excluded."avgLatencyMs" IS NULL THEN "HealthRollup"."avgLatencyMs"
            WHEN "HealthRollup"."avgLatencyMs" IS NULL THEN excluded."avgLatencyMs"
            ELSE ("HealthRollup"."avgLatencyMs" * "HealthRollup"."upSamples" + ${g.latSum}) / ("HealthRollup"."upSamples" + ${g.latN})
          END,
          "maxLatencyMs" = CASE
            WHEN excluded."maxLatencyMs" IS NULL THEN "HealthRollup"."maxLatencyMs"
            WHEN "HealthRollup"."maxLatencyMs" IS NULL OR excluded."maxLatencyMs" > "HealthRollup"."maxLatencyMs" THEN excluded."maxLatencyMs"
            ELSE "HealthRollup"."maxLatencyMs"
          END`;
    });
    await execute(
      sql`DELETE FROM "HealthRollup" WHERE "routerId" IN (${ids}) AND "bucketStart" < ${rollupCutoff}`,
      ...upserts,
      sql`DELETE FROM "HealthSample" WHERE "routerId" IN (${ids}) AND "at" < ${cutoff}`,
    );
    return old.length;
  });
}
