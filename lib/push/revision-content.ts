import { db } from "@/lib/db/client";
import type { RuleSetContent } from "@/lib/rules/schema";
import { parseStoredContent } from "@/lib/rulesets/read-revision";

export type PushRevision = { id: string; ruleSetId: string; ruleSetName: string; number: number; content: RuleSetContent };

/** A revision by rule set and number (head when number is omitted), with its content parsed. */
export async function findRevision(ruleSetId: string, number?: number): Promise<PushRevision | null> {
  const set = await db.ruleSet.findUnique({ where: { id: ruleSetId }, select: { id: true, name: true, headRevision: true } });
  if (!set) return null;
  const n = number ?? set.headRevision;
  const rev = await db.ruleSetRevision.findUnique({ where: { ruleSetId_number: { ruleSetId, number: n } } });
  if (!rev) return null;
  return { id: rev.id, ruleSetId, ruleSetName: set.name, number: rev.number, content: parseStoredContent(rev.content, `rule set ${ruleSetId} revision ${n}`) };
}

export async function revisionById(id: string): Promise<PushRevision | null> {
  const rev = await db.ruleSetRevision.findUnique({ where: { id }, include: { ruleSet: { select: { name: true } } } });
  if (!rev) return null;
  return { id: rev.id, ruleSetId: rev.ruleSetId, ruleSetName: rev.ruleSet.name, number: rev.number, content: parseStoredContent(rev.content, `revision ${id}`) };
}
