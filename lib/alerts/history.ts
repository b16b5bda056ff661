import { db } from "@/lib/db/client";
import type { AlertType, EventView } from "./types";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Newest first: each alert with what happened to it on every channel. */
export async function listAlertEvents(
  opts: { limit?: number; routerId?: string; type?: AlertType } = {},
): Promise<EventView[]> {
  const rows = await db.alertEvent.findMany({
    where: { ...(opts.routerId ? { routerId: opts.routerId } : {}), ...(opts.type ? { type: opts.type } : {}) },
    orderBy: [{ at: "desc" }, { id: "asc" }],
    take: Math.min(500, Math.max(1, opts.limit ?? 100)),
    include: { deliveries: { orderBy: { channelName: "asc" } } },
  });
  return rows.map((e) => ({
    id: e.id,
    type: e.type as AlertType,
    routerId: e.routerId,
    routerName: e.routerName,
    site: e.site,
    summary: e.summary,
    link: e.link,
    at: e.at.toISOString(),
    disposition: e.disposition as EventView["disposition"],
    foldedCount: e.foldedCount,
    deliveries: e.deliveries.map((d) => ({
      channelId: d.channelId,
      channelName: d.channelName,
      status: d.status as EventView["deliveries"][number]["status"],
      attempts: d.attempts,
      nextAttemptAt: d.status === "pending" ? iso(d.nextAttemptAt) : null,
      lastResult: d.lastResult,
      lastError: d.lastError,
      deliveredAt: iso(d.deliveredAt),
    })),
  }));
}
