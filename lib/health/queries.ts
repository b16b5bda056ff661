import { z } from "zod";
import { db } from "@/lib/db/client";
import { parseDriftDetail } from "@/lib/drift/schemas";
import { revisionNumbers } from "@/lib/push/assignments";
import { RAW_RETENTION_MS } from "./retention";

export const healthStateSchema = z.enum(["unknown", "up", "degraded", "down", "auth-failed"]);

export const fleetRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  vendor: z.string(),
  host: z.string(),
  site: z.string(),
  state: healthStateSchema,
  latencyMs: z.number().nullable(),
  version: z.string().nullable(),
  model: z.string().nullable(),
  uptimeSeconds: z.number().nullable(),
  cpuLoad: z.number().nullable(),
  lastError: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  checkedAt: z.string().nullable(),
  driftState: z.string(),
  /** Differences the last drift check found, whether an admin acknowledged them, and the first one in words. */
  driftDifferences: z.number(),
  driftAcknowledged: z.boolean(),
  driftSummary: z.string().nullable(),
  lastPushedRevisionId: z.string().nullable(),
  /** "rule-set #3": what the last confirmed push left on the router. */
  lastPushed: z.string().nullable(),
  spark: z.array(z.number().nullable()),
});
export type FleetRow = z.infer<typeof fleetRowSchema>;

export const seriesPointSchema = z.object({ t: z.string(), latencyMs: z.number().nullable(), upRatio: z.number() });
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

/** All routers with their latest status and a latency sparkline over the last hour. */
export async function fleetHealth(): Promise<FleetRow[]> {
  const since = new Date(Date.now() - 3600_000);
  const [routers, samples] = await Promise.all([
    db.router.findMany({ orderBy: { name: "asc" }, include: { status: true } }),
    db.healthSample.findMany({ where: { at: { gte: since } }, orderBy: { at: "asc" }, select: { routerId: true, latencyMs: true } }),
  ]);
  const pushed = await revisionNumbers(routers.map((r) => r.status?.lastPushedRevisionId));
  const spark = new Map<string, (number | null)[]>();
  for (const s of samples) {
    const arr = spark.get(s.routerId) ?? [];
    arr.push(s.latencyMs);
    spark.set(s.routerId, arr);
  }
  return routers.map((r) => {
    const drift = r.status?.driftState === "drifted" ? parseDriftDetail(r.status.driftDetail) : null;
    return {
    id: r.id,
    name: r.name,
    vendor: r.vendor,
    host: r.host,
    site: r.site,
    state: healthStateSchema.catch("unknown").parse(r.status?.state ?? "unknown"),
    latencyMs: r.status?.latencyMs ?? null,
    version: r.status?.version ?? null,
    model: r.status?.model ?? null,
    uptimeSeconds: r.status?.uptimeSeconds ?? null,
    cpuLoad: r.status?.cpuLoad ?? null,
    lastError: r.status?.lastError ?? null,
    lastSeenAt: r.status?.lastSeenAt?.toISOString() ?? null,
    checkedAt: r.status?.checkedAt?.toISOString() ?? null,
    driftState: r.status?.driftState ?? "never-pushed",
    driftDifferences: drift?.changes.length ?? 0,
    driftAcknowledged: !!drift?.acknowledged,
    driftSummary: drift?.changes[0]?.description ?? null,
    lastPushedRevisionId: r.status?.lastPushedRevisionId ?? null,
    lastPushed: lastPushedLabel(pushed, r.status?.lastPushedRevisionId),
    spark: (spark.get(r.id) ?? []).slice(-60),
    };
  });
}

function lastPushedLabel(pushed: Awaited<ReturnType<typeof revisionNumbers>>, id: string | null | undefined): string | null {
  const rev = id ? pushed.get(id) : undefined;
  return rev ? `${rev.ruleSetName} #${rev.number}` : null;
}

/** Latency over the last hour (raw samples) or day (5-minute rollups plus recent raw samples). */
export async function latencySeries(routerId: string, range: "hour" | "day"): Promise<SeriesPoint[]> {
  const now = Date.now();
  const since = new Date(now - (range === "hour" ? 3600_000 : 86400_000));
  const raw = await db.healthSample.findMany({ where: { routerId, at: { gte: since } }, orderBy: { at: "asc" } });
  const rawPoints = raw.map((s) => ({ t: s.at.toISOString(), latencyMs: s.latencyMs, upRatio: s.state === "up" || s.state === "degraded" ? 1 : 0 }));
  if (range === "hour") return rawPoints;
  const rollups = await db.healthRollup.findMany({ where: { routerId, bucketStart: { gte: since, lt: new Date(now - RAW_RETENTION_MS + 1) } }, orderBy: { bucketStart: "asc" } });
  return [
    ...rollups.map((r) => ({ t: r.bucketStart.toISOString(), latencyMs: r.avgLatencyMs == null ? null : Math.round(r.avgLatencyMs), upRatio: r.samples ? r.upSamples / r.samples : 0 })),
    ...rawPoints,
  ];
}

export async function recentSamples(routerId: string, take = 20) {
  return db.healthSample.findMany({ where: { routerId }, orderBy: { at: "desc" }, take });
}
