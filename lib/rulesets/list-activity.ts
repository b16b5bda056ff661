import { db } from "@/lib/db/client";
import { diffRuleSets, type DiffSummary } from "@/lib/rules/diff";
import type { RuleSetContent } from "@/lib/rules/schema";
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
export async function listActivity({
  page = 1,
  pageSize = 25,
  ruleSetId,
}: { page?: number; pageSize?: number; ruleSetId?: string } = {}): Promise<ActivityPage> {
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
  const have = new Set(rows.map((r) => `${r.ruleSetId}:${r.number}`));
  const missing = rows.filter((r) => r.number > 1 && !have.has(`${r.ruleSetId}:${r.number - 1}`));
  const previous = await db.ruleSetRevision.findMany({
    where: { OR: missing.map((r) => ({ ruleSetId: r.ruleSetId, number: r.number - 1 })) },
    select: { ruleSetId: true, number: true, content: true },
  });
  // Each snapshot is parsed once even when it is both a row and the predecessor of the row below it.
  const stored = new Map([...previous, ...rows].map((r) => [`${r.ruleSetId}:${r.number}`, r.content]));
  const parsed = new Map<string, RuleSetContent>();
  const contentOf = (ruleSetId: string, number: number) => {
    const key = `${ruleSetId}:${number}`;
    const json = stored.get(key);
    if (json === undefined) return null;
    let content = parsed.get(key);
    if (!content) parsed.set(key, (content = parseStoredContent(json, `rule set ${ruleSetId} revision ${number}`)));
    return content;
  };

  const items = rows.map((r): ActivityItem => {
    const before = r.number > 1 ? contentOf(r.ruleSetId, r.number - 1) : null;
    const change = before ? diffRuleSets(before, contentOf(r.ruleSetId, r.number)!).summary : null;
    return {
      ruleSetId: r.ruleSetId,
      ruleSetName: r.ruleSet.name,
      number: r.number,
      authorLabel: r.authorLabel,
      message: r.message,
      ruleCount: r.ruleCount,
      createdAt: r.createdAt,
      change,
    };
  });
  return { items, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}
