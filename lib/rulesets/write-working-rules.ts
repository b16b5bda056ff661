import { z } from "zod";
import { insertSliced, queryRows, sql } from "@/lib/db/direct-sql";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Rule } from "@/lib/rules/schema";

type Tx = Prisma.TransactionClient;

/** One working-copy row as stored: the rule's JSON at its position; canonical when it is canonicalJson text. */
export type WorkingRow = { ruleId: string; position: number; data: string; canonical: boolean };

const workingRowsSchema = z.array(
  z.object({
    ruleId: z.string(),
    position: z.number().int(),
    data: z.string(),
    canonical: z.number().transform((v) => v === 1),
  }),
);

/**
 * The working copy's rows, read as plain SQL (lib/db/direct-sql; 5,000 rows through Prisma cost more than the
 * rest of a one-toggle save's database work), inside the caller's transaction when there is one. They hold the
 * head revision's rules, so rows read while the head is revision N are still current inside any later
 * transaction that finds the head still at N.
 */
export async function readWorkingRules(ruleSetId: string): Promise<WorkingRow[]> {
  return workingRowsSchema.parse(
    await queryRows(
      sql`SELECT "ruleId", "position", "data", "dataCanonical" AS "canonical" FROM "Rule" WHERE "ruleSetId" = ${ruleSetId}`,
    ),
  );
}

/** Past this many changed rows, one delete and one bulk insert beat row-by-row writes. */
const MAX_ROW_WRITES = 200;

/**
 * Inside the caller's transaction: makes the working-copy Rule rows of a rule set match `rules`, touching only
 * the rows that differ (by rule id: position or stored JSON). A save that toggles one rule of 5,000 writes one
 * row instead of deleting and re-inserting all of them, which was most of such a save's time. Rows are written
 * as each rule's canonicalJson (`texts`: canonicalTexts' ruleTexts); a row still holding older text is rewritten.
 */
export async function writeWorkingRules(
  tx: Tx,
  ruleSetId: string,
  rules: readonly Rule[],
  texts: ReadonlyMap<Rule, string>,
  current?: readonly WorkingRow[],
): Promise<void> {
  const rows = rules.map((rule, position) => ({
    ruleSetId,
    ruleId: rule.id,
    position,
    chain: rule.chain,
    action: rule.action,
    enabled: rule.enabled,
    data: texts.get(rule)!,
    dataCanonical: true,
  }));
  const existing = current ?? (await readWorkingRules(ruleSetId));
  const old = new Map(existing.map((r) => [r.ruleId, r]));
  const changed = rows.filter((r) => {
    const o = old.get(r.ruleId);
    return !o || o.position !== r.position || o.data !== r.data;
  });
  const kept = new Set(rows.map((r) => r.ruleId));
  const gone = existing.filter((o) => !kept.has(o.ruleId)).map((o) => o.ruleId);

  if (changed.length + gone.length > MAX_ROW_WRITES) {
    await tx.rule.deleteMany({ where: { ruleSetId } });
    const columns = ["ruleSetId", "ruleId", "position", "chain", "action", "enabled", "data", "dataCanonical"] as const;
    await insertSliced(
      "Rule",
      columns,
      rows.map((r) => columns.map((c) => r[c])),
    );
    return;
  }
  if (gone.length > 0) await tx.rule.deleteMany({ where: { ruleSetId, ruleId: { in: gone } } });
  for (const r of changed) {
    const { ruleSetId: _s, ruleId: _r, ...fields } = r;
    await tx.rule.upsert({ where: { ruleSetId_ruleId: { ruleSetId, ruleId: r.ruleId } }, create: r, update: fields });
  }
}
