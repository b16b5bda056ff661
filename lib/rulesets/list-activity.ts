import { db } from "@/lib/db/client";
import { diffRuleSets, type DiffSummary } from "@/lib/rules/diff";
import { parseStoredContent } from "./read-revision";

export type ActivityItem = {
  ruleSetId: string;
  ruleSetName: string;
  number: number;
  authorLabel: string;
  message: string;
  ruleCount: number;
  createdAt: Date;
  /** Against the previous revision; null for a rule set's first revision. */
  change: DiffSummary | null;
};
export type ActivityPage = { items: ActivityItem[]; total: number; page: number; pageSize: number; pages: number };

/** Revisions of every rule set, newest first, with +/− counts against each one's predecessor. */
export async function listActivity({ page = 1, pageSize = 25, ruleSetId }: { page?: number; pageSize?: number; ruleSetId?: string } = {}): Promise<ActivityPage> {
  const where = ruleSetId ? { ruleSetId } : {};
  const [total, rows] = await Promise.all([
    db.ruleSetRevision.count({ where }),
    db.ruleSetRevision.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { number: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { ruleSet: { select: { name: true } } },
    }),
  ]);
  const previous = await db.ruleSetRevision.findMany({
    where: { OR: rows.filter((r) => r.number > 1).map((r) => ({ ruleSetId: r.ruleSetId, number: r.number - 1 })) },
    select: { ruleSetId: true, number: true, content: true },
  });
  const prevByKey = new Map(previous.map((p) => [`${p.ruleSetId}:${p.number}`, p]));

  const items = rows.map((r): ActivityItem => {
    const prev = prevByKey.get(`${r.ruleSetId}:${r.number - 1}`);
    const where = `rule set ${r.ruleSetId} revision`;
    const change = prev ? diffRuleSets(parseStoredContent(prev.content, `${where} ${prev.number}`), parseStoredContent(r.content, `${where} ${r.number}`)).summary : null;
    return { ruleSetId: r.ruleSetId, ruleSetName: r.ruleSet.name, number: r.number, authorLabel: r.authorLabel, message: r.message, ruleCount: r.ruleCount, createdAt: r.createdAt, change };
  });
  return { items, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}
