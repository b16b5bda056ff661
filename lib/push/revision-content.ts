import { z } from "zod";
import { db } from "@/lib/db/client";
import { queryRows, sql } from "@/lib/db/direct-sql";
import type { RuleSetContent } from "@/lib/rules/schema";
import { parseStoredContent } from "@/lib/rulesets/read-revision";

export type PushRevision = {
  id: string;
  ruleSetId: string;
  ruleSetName: string;
  number: number;
  content: RuleSetContent;
};

/** Which revision `number` (head when omitted) of a rule set is, without reading its content. */
export async function revisionRef(
  ruleSetId: string,
  number?: number,
): Promise<{ id: string; ruleSetName: string; number: number } | null> {
  // One plain statement (every preview of a fleet asks): the rule set's name and the revision's id.
  const rows = await queryRows(sql`
    SELECT v."id", s."name" AS "ruleSetName", v."number"
    FROM "RuleSet" s
    JOIN "RuleSetRevision" v ON v."ruleSetId" = s."id" AND v."number" = ${number === undefined ? sql`s."headRevision"` : sql`${number}`}
    WHERE s."id" = ${ruleSetId}`);
  return rows.length ? revisionRefSchema.parse(rows[0]) : null;
}

const revisionRefSchema = z.object({ id: z.string(), ruleSetName: z.string(), number: z.number().int() });

/** A revision by rule set and number (head when number is omitted), with its content parsed. */
export async function findRevision(ruleSetId: string, number?: number): Promise<PushRevision | null> {
  const ref = await revisionRef(ruleSetId, number);
  return ref ? revisionById(ref.id) : null;
}

export async function revisionById(id: string): Promise<PushRevision | null> {
  const rev = await db.ruleSetRevision.findUnique({ where: { id }, include: { ruleSet: { select: { name: true } } } });
  if (!rev) return null;
  return {
    id: rev.id,
    ruleSetId: rev.ruleSetId,
    ruleSetName: rev.ruleSet.name,
    number: rev.number,
    content: parseStoredContent(rev.content, `revision ${id}`),
  };
}

/** A revision's stored content as JSON text, unparsed, for work that parses it off the request thread (lib/workers). */
export async function revisionText(
  ruleSetId: string,
  number?: number,
): Promise<{ id: string; ruleSetId: string; number: number; text: string } | null> {
  const ref = await revisionRef(ruleSetId, number);
  if (!ref) return null;
  const rev = await db.ruleSetRevision.findUnique({
    where: { id: ref.id },
    select: { id: true, number: true, content: true },
  });
  return rev ? { id: rev.id, ruleSetId, number: rev.number, text: rev.content } : null;
}
