import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

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
      ip: e.ip ?? null,
    },
  });
}

/**
 * The same row as recordAudit, as one plain SQL statement to run inside a batch transaction
 * (`db.$transaction([...])`): a fleet push writes an event per router, and a model create costs Prisma's query
 * compiler several times the statement on the event loop every push shares.
 */
export function auditInsert(e: AuditInput, client: Pick<typeof db, "$executeRaw"> = db): Prisma.PrismaPromise<number> {
  return client.$executeRaw`INSERT INTO "AuditEvent" ("at", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "summary", "details", "ip")
    VALUES (${new Date()}, ${e.actor.type}, ${e.actor.id}, ${e.actor.label}, ${e.action}, ${e.targetType ?? null}, ${e.targetId ?? null}, ${e.summary}, ${JSON.stringify(e.details ?? {})}, ${e.ip ?? null})`;
}

export const systemActor: Actor = { type: "system", id: null, label: "system" };
