import { db } from "@/lib/db/client";

export type RevisionSummary = {
  number: number;
  authorLabel: string;
  message: string;
  name: string;
  ruleCount: number;
  createdAt: Date;
};

/** Newest first; metadata only (snapshots are read one at a time with getRevision). */
export async function listRevisions(ruleSetId: string): Promise<RevisionSummary[] | null> {
  const set = await db.ruleSet.findUnique({ where: { id: ruleSetId }, select: { id: true } });
  if (!set) return null;
  return db.ruleSetRevision.findMany({
    where: { ruleSetId },
    orderBy: { number: "desc" },
    select: { number: true, authorLabel: true, message: true, name: true, ruleCount: true, createdAt: true },
  });
}
