import { z } from "zod";
import { db } from "@/lib/db/client";
import { parseDriftDetail } from "@/lib/drift/schemas";
import { revisionNumbers } from "@/lib/push/assignments";
import { loadPollSettings } from "./poll-interval";
import { RAW_RETENTION_MS } from "./retention";
import { parseSpark } from "./spark";
import { uptimeFor } from "./uptime";

export const healthStateSchema = z.enum(["unknown", "up", "degraded", "down", "auth-failed"]);

const syncStateSchema = z.enum(["in-sync", "behind", "drifted", "never-pushed", "unreachable"]);

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
  /** When the router entered its current state (null: not polled since changes were recorded). */
  stateSince: z.string().nullable(),
  /** Share of the last 24 hours / 30 days the router answered (up or degraded), from its state changes; null: unknown. */
  uptime24h: z.number().nullable(),
  uptime30d: z.number().nullable(),
  /** driftState, except "behind": in sync with a revision older than its rule set's head (or another set's). */
  syncState: syncStateSchema,
  /** "rule-set #5": the head of the rule set assigned to the router, when one is. */
  assignedHead: z.string().nullable(),
  /** The last answer is older than STALE_AFTER_INTERVALS poll intervals: latency, version, uptime and CPU are old. */
  stale: z.boolean(),
});
export type FleetRow = z.infer<typeof fleetRowSchema>;

export const stateChangeSchema = z.object({
  at: z.string(),
  fromState: z.string(),
  toState: z.string(),
  error: z.string().nullable(),
});

export const seriesPointSchema = z.object({ t: z.string(), latencyMs: z.number().nullable(), upRatio: z.number() });
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

export const fleetQuerySchema = z.object({
  state: healthStateSchema.optional(),
  site: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type FleetQuery = z.input<typeof fleetQuerySchema>;

export const fleetPageSchema = z.object({
  routers: z.array(fleetRowSchema),
  /** Routers matching the filters (the page is `routers`, from `offset`). */
  matching: z.number(),
  offset: z.number(),
  limit: z.number(),
  /** Every router by state, whatever the filters: the list's state buttons. */
  counts: z.record(z.string(), z.number()),
  sites: z.array(z.string()),
});
export type FleetPage = z.infer<typeof fleetPageSchema>;

type StatusRow = Awaited<ReturnType<typeof db.routerStatus.findUnique>>;
type RouterWithStatus = {
  id: string;
  name: string;
  vendor: string;
  host: string;
  site: string;
  status: StatusRow;
  assignment: { ruleSetId: string; ruleSet: { name: string; headRevision: number } } | null;
};

/** Data from the last answer turns grey once this many poll intervals have passed without another. */
export const STALE_AFTER_INTERVALS = 3;

const rowSelect = {
  id: true,
  name: true,
  vendor: true,
  host: true,
  site: true,
  status: true,
  assignment: { select: { ruleSetId: true, ruleSet: { select: { name: true, headRevision: true } } } },
} as const;

/**
 * One page of routers with their latest status (RouterStatus: one row per router, sparkline included), the
 * state counts and the sites. Reads no raw samples: the list is polled every few seconds by every open tab,
 * so its cost must not grow with routers × polls (10,000 routers: one 2-hour sample window is 2.4 M rows).
 */
export async function fleetHealth(query: FleetQuery = {}): Promise<FleetPage> {
  const q = fleetQuerySchema.parse(query);
  const where = {
    ...(q.site ? { site: q.site } : {}),
    ...(q.state === "unknown"
      ? { OR: [{ status: { is: null } }, { status: { is: { state: "unknown" } } }] }
      : q.state
        ? { status: { is: { state: q.state } } }
        : {}),
  };
  const [routers, matching, byState, total, sites] = await Promise.all([
    db.router.findMany({
      where,
      orderBy: { name: "asc" },
      skip: q.offset,
      take: q.limit,
      select: rowSelect,
    }),
    db.router.count({ where }),
    db.routerStatus.groupBy({ by: ["state"], _count: { _all: true } }),
    db.router.count(),
    db.router.findMany({
      where: { site: { not: "" } },
      distinct: ["site"],
      orderBy: { site: "asc" },
      select: { site: true },
    }),
  ]);
  const counts: Record<string, number> = {};
  let withStatus = 0;
  for (const g of byState) {
    const state = healthStateSchema.catch("unknown").parse(g.state);
    counts[state] = (counts[state] ?? 0) + g._count._all;
    withStatus += g._count._all;
  }
  if (total > withStatus) counts.unknown = (counts.unknown ?? 0) + total - withStatus;
  return {
    routers: await toRows(routers),
    matching,
    offset: q.offset,
    limit: q.limit,
    counts,
    sites: sites.map((s) => s.site),
  };
}

/** One router's row (its page, "check now"): one router's status, nothing of the others. */
export async function routerHealth(routerId: string): Promise<FleetRow | null> {
  const r = await db.router.findUnique({
    where: { id: routerId },
    select: rowSelect,
  });
  return r ? (await toRows([r]))[0] : null;
}

async function toRows(routers: RouterWithStatus[]): Promise<FleetRow[]> {
  const now = Date.now();
  const [pushed, uptime, settings] = await Promise.all([
    revisionNumbers(routers.map((r) => r.status?.lastPushedRevisionId)),
    uptimeFor(
      routers.map((r) => ({ id: r.id, state: r.status?.state ?? "unknown", stateSince: r.status?.stateSince ?? null })),
      now,
    ),
    loadPollSettings(),
  ]);
  const staleBefore = now - STALE_AFTER_INTERVALS * settings.intervalSeconds * 1000;
  return routers.map((r) => {
    const drift = r.status?.driftState === "drifted" ? parseDriftDetail(r.status.driftDetail) : null;
    const driftState = r.status?.driftState ?? "never-pushed";
    const last = r.status?.lastPushedRevisionId ? pushed.get(r.status.lastPushedRevisionId) : undefined;
    const head = r.assignment;
    // In sync with an old revision is not "in sync": the router runs what the rule set no longer says.
    const behind =
      driftState === "in-sync" &&
      !!head &&
      !!last &&
      (last.ruleSetId !== head.ruleSetId || last.number < head.ruleSet.headRevision);
    const seen = r.status?.lastSeenAt?.getTime();
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
      driftState,
      driftDifferences: drift?.changes.length ?? 0,
      driftAcknowledged: !!drift?.acknowledged,
      driftSummary: drift?.changes[0]?.description ?? null,
      lastPushedRevisionId: r.status?.lastPushedRevisionId ?? null,
      lastPushed: lastPushedLabel(pushed, r.status?.lastPushedRevisionId),
      spark: parseSpark(r.status?.recentLatency).slice(-60),
      stateSince: r.status?.stateSince?.toISOString() ?? null,
      uptime24h: uptime.get(r.id)?.["24h"] ?? null,
      uptime30d: uptime.get(r.id)?.["30d"] ?? null,
      syncState: behind ? "behind" : syncStateSchema.catch("never-pushed").parse(driftState),
      assignedHead: head && head.ruleSet.headRevision > 0 ? `${head.ruleSet.name} #${head.ruleSet.headRevision}` : null,
      stale: seen != null && seen < staleBefore,
    };
  });
}

function lastPushedLabel(
  pushed: Awaited<ReturnType<typeof revisionNumbers>>,
  id: string | null | undefined,
): string | null {
  const rev = id ? pushed.get(id) : undefined;
  return rev ? `${rev.ruleSetName} #${rev.number}` : null;
}

/** Latency over the last hour (raw samples) or day (5-minute rollups plus recent raw samples). */
export async function latencySeries(routerId: string, range: "hour" | "day"): Promise<SeriesPoint[]> {
  const now = Date.now();
  const since = new Date(now - (range === "hour" ? 3600_000 : 86400_000));
  const raw = await db.healthSample.findMany({ where: { routerId, at: { gte: since } }, orderBy: { at: "asc" } });
  const rawPoints = raw.map((s) => ({
    t: s.at.toISOString(),
    latencyMs: s.latencyMs,
    upRatio: s.state === "up" || s.state === "degraded" ? 1 : 0,
  }));
  if (range === "hour") return rawPoints;
  const rollups = await db.healthRollup.findMany({
    where: { routerId, bucketStart: { gte: since, lt: new Date(now - RAW_RETENTION_MS + 1) } },
    orderBy: { bucketStart: "asc" },
  });
  return [
    ...rollups.map((r) => ({
      t: r.bucketStart.toISOString(),
      latencyMs: r.avgLatencyMs == null ? null : Math.round(r.avgLatencyMs),
      upRatio: r.samples ? r.upSamples / r.samples : 0,
    })),
    ...rawPoints,
  ];
}
