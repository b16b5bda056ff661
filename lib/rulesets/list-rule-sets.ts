import { db } from "@/lib/db/client";

export type RuleSetSummary = {
  id: string;
  name: string;
  description: string;
  headRevision: number;
  ruleCount: number;
  routersAssigned: number;
  lastChange: { at: Date; authorLabel: string; message: string } | null;
};

export async function listRuleSets(): Promise<RuleSetSummary[]> {
  const sets = await db.ruleSet.findMany({
    orderBy: { name: "asc" },
    include: {
      _count: { select: { assignments: true } },
      revisions: {
        orderBy: { number: "desc" },
        take: 1,
        select: { createdAt: true, authorLabel: true, message: true, ruleCount: true },
      },
    },
  });
  return sets.map((s) => {
    const head = s.revisions[0];
    return {
      id: s.id,
      name: s.name,
      description: s.description,
      headRevision: s.headRevision,
      ruleCount: head?.ruleCount ?? 0,
      routersAssigned: s._count.assignments,
      lastChange: head ? { at: head.createdAt, authorLabel: head.authorLabel, message: head.message } : null,
    };
  });
}
