import { z } from "zod";
import { db } from "@/lib/db/client";
import { TEXT_IMPORT_ACTION } from "./import-text";

const reportSchema = z.object({
  skipped: z.array(
    z.object({
      ref: z.string(),
      label: z.string(),
      field: z.string().optional(),
      reason: z.string(),
      partial: z.boolean().optional(),
    }),
  ),
});
export type TextImportReport = z.infer<typeof reportSchema> & { at: Date; by: string };

/** What the text import that created this rule set left out, from its audit event; null when it was not one. */
export async function textImportReport(ruleSetId: string): Promise<TextImportReport | null> {
  const e = await db.auditEvent.findFirst({
    where: { action: TEXT_IMPORT_ACTION, targetId: ruleSetId },
    orderBy: { id: "desc" },
    select: { at: true, actorLabel: true, details: true },
  });
  if (!e) return null;
  let json: unknown;
  try {
    json = JSON.parse(e.details);
  } catch {
    return null;
  }
  const r = reportSchema.safeParse(json);
  return r.success ? { ...r.data, at: e.at, by: e.actorLabel } : null;
}
