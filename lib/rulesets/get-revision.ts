import { db } from "@/lib/db/client";
import type { RuleSetContent } from "@/lib/rules/schema";
import { parseStoredContent } from "./read-revision";

export type RevisionDetail = {
  ruleSetId: string;
  number: number;
  authorLabel: string;
  message: string;
  name: string;
  description: string;
  contentHash: string;
  ruleCount: number;
  createdAt: Date;
  content: RuleSetContent;
};

export async function getRevision(ruleSetId: string, number: number): Promise<RevisionDetail | null> {
  const r = await db.ruleSetRevision.findUnique({ where: { ruleSetId_number: { ruleSetId, number } } });
  if (!r) return null;
  return {
    ruleSetId: r.ruleSetId,
    number: r.number,
    authorLabel: r.authorLabel,
    message: r.message,
    name: r.name,
    description: r.description,
    contentHash: r.contentHash,
    ruleCount: r.ruleCount,
    createdAt: r.createdAt,
    content: parseStoredContent(r.content, `rule set ${ruleSetId} revision ${number}`),
  };
}
