import { db } from "@/lib/db/client";
import type { RuleSetContent } from "@/lib/rules/schema";
import { parseStoredContent } from "./read-revision";

export type RuleSetDetail = {
  id: string;
  name: string;
  description: string;
  headRevision: number;
  content: RuleSetContent;
  createdAt: Date;
  updatedAt: Date;
  lastChange: { at: Date; authorLabel: string; message: string } | null;
  routersAssigned: number;
};

/** The rule set with the head revision's content, which is what the editor starts from (baseRevision = headRevision). */
export async function getRuleSet(id: string): Promise<RuleSetDetail | null> {
  const set = await db.ruleSet.findUnique({ where: { id }, include: { _count: { select: { assignments: true } } } });
  if (!set) return null;
  const head = await db.ruleSetRevision.findUnique({ where: { ruleSetId_number: { ruleSetId: id, number: set.headRevision } } });
  return {
    id: set.id,
    name: set.name,
    description: set.description,
    headRevision: set.headRevision,
    content: head ? parseStoredContent(head.content, `rule set ${id} revision ${head.number}`) : { rules: [], addressLists: [] },
    createdAt: set.createdAt,
    updatedAt: set.updatedAt,
    lastChange: head ? { at: head.createdAt, authorLabel: head.authorLabel, message: head.message } : null,
    routersAssigned: set._count.assignments,
  };
}
