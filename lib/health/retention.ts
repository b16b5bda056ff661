import { db } from "@/lib/db/client";

/** Raw samples are kept this long (the "last hour" chart reads them); older ones are folded into rollups. */
export const RAW_RETENTION_MS = 2 * 3600_000;
export const ROLLUP_BUCKET_SECS = 300;
export const ROLLUP_RETENTION_MS = 30 * 86400_000;

/**
 * Folds raw samples older than the raw window into 5-minute buckets and deletes them, so the database grows with
 * routers × buckets, not with routers × polls.
 */
export async function compactHealthSamples(now = Date.now()): Promise<{ folded: number }> {
  const cutoff = new Date(now - RAW_RETENTION_MS);
  const bucketMs = ROLLUP_BUCKET_SECS * 1000;
  const old = await db.healthSample.findMany({ where: { at: { lt: cutoff } }, select: { routerId: true, at: true, state: true, latencyMs: true } });
  if (old.length === 0) return { folded: 0 };
  const groups = new Map<string, { routerId: string; bucketStart: Date; samples: number; up: number; latSum: number; latN: number; latMax: number | null }>();
  for (const s of old) {
    const start = new Date(Math.floor(s.at.getTime() / bucketMs) * bucketMs);
    const key = `${s.routerId}|${start.getTime()}`;
    const g = groups.get(key) ?? { routerId: s.routerId, bucketStart: start, samples: 0, up: 0, latSum: 0, latN: 0, latMax: null };
    g.samples += 1;
    if (s.state === "up" || s.state === "degraded") g.up += 1;
    if (s.latencyMs != null) {
      g.latSum += s.latencyMs;
      g.latN += 1;
      g.latMax = Math.max(g.latMax ?? 0, s.latencyMs);
    }
    groups.set(key, g);
  }
  await db.$transaction(async (tx) => {
    for (const g of groups.values()) {
      const id = { routerId_bucketSecs_bucketStart: { routerId: g.routerId, bucketSecs: ROLLUP_BUCKET_SECS, bucketStart: g.bucketStart } };
      const existing = await tx.healthRollup.findUnique({ where: id });
      const samples = (existing?.samples ?? 0) + g.samples;
      const latN = g.latN + (existing?.avgLatencyMs != null ? existing.samples : 0);
      const latSum = g.latSum + (existing?.avgLatencyMs != null ? existing.avgLatencyMs * existing.samples : 0);
      const data = {
        samples,
        upSamples: (existing?.upSamples ?? 0) + g.up,
        avgLatencyMs: latN ? latSum / latN : null,
        maxLatencyMs: Math.max(existing?.maxLatencyMs ?? 0, g.latMax ?? 0) || null,
      };
      await tx.healthRollup.upsert({ where: id, create: { routerId: g.routerId, bucketSecs: ROLLUP_BUCKET_SECS, bucketStart: g.bucketStart, ...data }, update: data });
    }
    await tx.healthSample.deleteMany({ where: { at: { lt: cutoff } } });
    await tx.healthRollup.deleteMany({ where: { bucketStart: { lt: new Date(now - ROLLUP_RETENTION_MS) } } });
  });
  return { folded: old.length };
}
