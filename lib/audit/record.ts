import { clientMeta } from "@/lib/auth/client-meta";
import { db } from "@/lib/db/client";
import { sql, type Sql } from "@/lib/db/direct-sql";

export interface Actor {
  type: "user" | "token" | "system" | "cli";
  id: string | null;
  label: string;
}

export interface AuditInput {
  actor: Actor;
  action: string;
  targetType?: string;
  targetId?: string;
  summary: string;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/**
 * Append-only: the app never updates or deletes audit rows. Details must never contain a secret.
 * Pass a transaction client to record the event in the same transaction as the change it describes.
 */
export async function recordAudit(e: AuditInput, client: Pick<typeof db, "auditEvent"> = db): Promise<void> {
  const ip = e.ip !== undefined ? e.ip : await requestAddress();
  await client.auditEvent.create({
    data: {
      actorType: e.actor.type,
      actorId: e.actor.id,
      actorLabel: e.actor.label,
      action: e.action,
      targetType: e.targetType ?? null,
      targetId: e.targetId ?? null,
      summary: e.summary,
      details: JSON.stringify(e.details ?? {}),
      ip,
    },
  });
}

/**
 * The address of the request being served, for events whose caller did not name one: every change made from the
 * dashboard or the API carries it, not only sign-in. Background work (the poller, a push's own steps, the CLI)
 * has no request and records none.
 */
async function requestAddress(): Promise<string | null> {
  try {
    return (await clientMeta()).ip;
  } catch {
    return null;
  }
}

/**
 * The same row as recordAudit, as a statement for lib/db/direct-sql's execute(), to commit with the change it
 * describes: a fleet push writes an event per router, on the event loop every push shares.
 */
export function auditInsert(e: AuditInput): Sql {
  return sql`INSERT INTO "AuditEvent" ("at", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "summary", "details", "ip")
    VALUES (${new Date()}, ${e.actor.type}, ${e.actor.id}, ${e.actor.label}, ${e.action}, ${e.targetType ?? null}, ${e.targetId ?? null}, ${e.summary}, ${JSON.stringify(e.details ?? {})}, ${e.ip ?? null})`;
}

export const systemActor: Actor = { type: "system", id: null, label: "system" };
