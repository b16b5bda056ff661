import { db } from "@/lib/db/client";
import type { RuleSetContent } from "@/lib/rules/schema";
import { checkedContentText, parseStoredContent } from "./read-revision";

type Detail<C> = {
  id: string;
  name: string;
  description: string;
  headRevision: number;
  createdAt: Date;
  updatedAt: Date;
  lastChange: { at: Date; authorLabel: string; message: string } | null;
  routersAssigned: number;
} & C;

export type RuleSetDetail = Detail<{ content: RuleSetContent }>;
/** For the editor page: the head's content as its stored JSON text, checked against the schema. */
export type RuleSetDetailText = Detail<{ contentText: string }>;

const EMPTY_CONTENT: RuleSetContent = { rules: [], addressLists: [] };

/** The rule set with the head revision's content, which is what the editor starts from (baseRevision = headRevision). */
export async function getRuleSet(id: string): Promise<RuleSetDetail | null> {
  const r = await loadHead(id);
  if (!r) return null;
  const { head, ...detail } = r;
  return {
    ...detail,
    content: head ? parseStoredContent(head.content, `rule set ${id} revision ${head.number}`) : EMPTY_CONTENT,
  };
}

/**
 * The same, content as text: the page hands it to the browser as one string, which a 5,000-rule set (~2 MB)
 * crosses far faster than as objects (React encodes and decodes every value of every rule).
 */
export async function getRuleSetText(id: string): Promise<RuleSetDetailText | null> {
  const r = await loadHead(id);
  if (!r) return null;
  const { head, ...detail } = r;
  return {
    ...detail,
    contentText: head
      ? checkedContentText(head.id, head.content, `rule set ${id} revision ${head.number}`)
      : JSON.stringify(EMPTY_CONTENT),
  };
}

async function loadHead(id: string) {
  const set = await db.ruleSet.findUnique({ where: { id }, include: { _count: { select: { assignments: true } } } });
  if (!set) return null;
  const head = await db.ruleSetRevision.findUnique({
    where: { ruleSetId_number: { ruleSetId: id, number: set.headRevision } },
  });
  return {
    id: set.id,
    name: set.name,
    description: set.description,
    headRevision: set.headRevision,
    createdAt: set.createdAt,
    updatedAt: set.updatedAt,
    lastChange: head ? { at: head.createdAt, authorLabel: head.authorLabel, message: head.message } : null,
    routersAssigned: set._count.assignments,
    head,
  };
}
