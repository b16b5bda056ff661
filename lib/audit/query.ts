import { z } from "zod";
import { db } from "@/lib/db/client";

export const auditFilterSchema = z.object({
  q: z.string().trim().max(100, "search must be at most 100 characters").optional().default(""),
  action: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z.-]*$/, "action filter may use lowercase letters, '.' and '-'")
    .optional()
    .default(""),
  actor: z.string().trim().max(64).optional().default(""),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorType: z.string(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  summary: z.string(),
  ip: z.string().nullable(),
});

export const AUDIT_PAGE_SIZE = 50;

export async function queryAudit(f: AuditFilter) {
  const where = {
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.actor ? { actorLabel: { contains: f.actor } } : {}),
    ...(f.q
      ? { OR: [{ summary: { contains: f.q } }, { actorLabel: { contains: f.q } }, { action: { contains: f.q } }] }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (f.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
    db.auditEvent.count({ where }),
  ]);
  return {
    total,
    events: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorType: r.actorType,
      actorLabel: r.actorLabel,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      summary: r.summary,
      ip: r.ip,
    })),
  };
}

export async function auditActionNames(): Promise<string[]> {
  const rows = await db.auditEvent.findMany({
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((r) => r.action);
}
