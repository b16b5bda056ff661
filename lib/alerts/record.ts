import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { join, sql, type Sql } from "@/lib/db/direct-sql";
import { loadAlertSettings } from "./settings";
import type { AlertType } from "./types";

export interface AlertInput {
  type: AlertType;
  routerId: string;
  summary: string;
  /** Path inside Rampart that shows the cause (the router page, the deployment) */
  link: string;
  at?: Date;
}

/**
 * The statements that record one alert: its AlertEvent row and one pending AlertDelivery (the outbox) per channel
 * that takes this type. The caller commits them in the same transaction as the state change the alert reports, so
 * a crash loses neither or both; sending happens later, from the outbox (outbox.ts), never on the caller's path.
 *
 * Channels routed to sites or routers take only those routers' alerts (docs/alerts.md "Routing").
 * A router or its site under a maintenance mute records the alert as "muted" with no deliveries. The same type
 * for the same router within the throttle window is recorded as "throttled"; the next one sent says how many
 * were folded into it ("and 3 more"), so nothing is dropped silently.
 */
export async function alertStatements(input: AlertInput): Promise<Sql[]> {
  const at = input.at ?? new Date();
  const router = await db.router.findUnique({ where: { id: input.routerId }, select: { name: true, site: true } });
  if (!router) return [];
  const muted = await db.alertMute.findFirst({
    where: { until: { gt: at }, OR: [{ routerId: input.routerId }, ...(router.site ? [{ site: router.site }] : [])] },
    select: { id: true },
  });
  const id = randomUUID();
  const base = {
    id,
    type: input.type,
    routerId: input.routerId,
    routerName: router.name,
    site: router.site,
    link: input.link,
    at,
  };
  if (muted) return [eventInsert({ ...base, summary: input.summary, disposition: "muted", foldedCount: 0 })];

  const { throttleMinutes } = await loadAlertSettings();
  const lastSent = await db.alertEvent.findFirst({
    where: { type: input.type, routerId: input.routerId, disposition: "delivered" },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  if (lastSent && throttleMinutes > 0 && at.getTime() - lastSent.at.getTime() < throttleMinutes * 60_000) {
    return [eventInsert({ ...base, summary: input.summary, disposition: "throttled", foldedCount: 0 })];
  }
  const folded = lastSent
    ? await db.alertEvent.count({
        where: { type: input.type, routerId: input.routerId, disposition: "throttled", at: { gt: lastSent.at } },
      })
    : 0;
  const summary =
    folded > 0 ? `${input.summary} (and ${folded} more since the last alert of this kind)` : input.summary;
  const channels = (
    await db.alertChannel.findMany({
      where: { enabled: true },
      select: { id: true, name: true, events: true, sites: true, routerIds: true },
    })
  ).filter((c) => takes(c.events, input.type) && routes(c, input.routerId, router.site));
  const statements = [eventInsert({ ...base, summary, disposition: "delivered", foldedCount: folded })];
  if (channels.length > 0) {
    statements.push(
      sql`INSERT INTO "AlertDelivery" ("id", "eventId", "channelId", "channelName", "status", "attempts", "nextAttemptAt") VALUES ${join(
        channels.map((c) => sql`(${randomUUID()}, ${id}, ${c.id}, ${c.name}, ${"pending"}, ${0}, ${at})`),
      )}`,
    );
  }
  return statements;
}

function takes(events: string, type: AlertType): boolean {
  return jsonList(events).includes(type);
}

/** A channel routed to sites or routers takes alerts of those only; one routed to neither, every router's. */
function routes(c: { sites: string; routerIds: string }, routerId: string, site: string): boolean {
  const sites = jsonList(c.sites);
  const routerIds = jsonList(c.routerIds);
  if (sites.length === 0 && routerIds.length === 0) return true;
  return routerIds.includes(routerId) || (site !== "" && sites.includes(site));
}

function jsonList(json: string): unknown[] {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

type EventRow = {
  id: string;
  type: string;
  routerId: string;
  routerName: string;
  site: string;
  summary: string;
  link: string;
  at: Date;
  disposition: string;
  foldedCount: number;
};

function eventInsert(e: EventRow): Sql {
  return sql`INSERT INTO "AlertEvent" ("id", "type", "routerId", "routerName", "site", "summary", "link", "at", "disposition", "foldedCount")
    VALUES (${e.id}, ${e.type}, ${e.routerId}, ${e.routerName}, ${e.site}, ${e.summary}, ${e.link}, ${e.at}, ${e.disposition}, ${e.foldedCount})`;
}

/** The same statements as Prisma raw calls, for callers that commit with a Prisma batch transaction. */
export function asPrisma(statements: Sql[]) {
  return statements.map((s) => db.$executeRawUnsafe(s.text, ...s.values.map(bound)));
}

/** The same statements inside an interactive transaction, in order. */
export async function executeIn(
  tx: { $executeRawUnsafe: (typeof db)["$executeRawUnsafe"] },
  statements: Sql[],
): Promise<void> {
  for (const s of statements) await tx.$executeRawUnsafe(s.text, ...s.values.map(bound));
}

/** Values as lib/db/direct-sql binds them (Prisma's own storage format), so model reads see the same. */
function bound(v: Sql["values"][number]): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}
