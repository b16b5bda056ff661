import type { Prisma } from "@/lib/generated/prisma/client";
import type { Rule } from "@/lib/rules/schema";

type Tx = Prisma.TransactionClient;

/** Past this many changed rows, one delete and one bulk insert beat row-by-row writes. */
const MAX_ROW_WRITES = 200;

/**
 * Inside the caller's transaction: makes the working-copy Rule rows of a rule set match `rules`, touching only
 * the rows that differ (by rule id: position or stored JSON). A save that toggles one rule of 5,000 writes one
 * row instead of deleting and re-inserting all of them, which was most of such a save's time.
 */
export async function writeWorkingRules(tx: Tx, ruleSetId: string, rules: readonly Rule[]): Promise<void> {
  const rows = rules.map((rule, position) => ({ ruleSetId, ruleId: rule.id, position, chain: rule.chain, action: rule.action, enabled: rule.enabled, data: JSON.stringify(rule) }));
  const existing = await tx.rule.findMany({ where: { ruleSetId }, select: { ruleId: true, position: true, data: true } });
  const old = new Map(existing.map((r) => [r.ruleId, r]));
  const changed = rows.filter((r) => {
    const o = old.get(r.ruleId);
    return !o || o.position !== r.position || o.data !== r.data;
  });
  const kept = new Set(rows.map((r) => r.ruleId));
  const gone = existing.filter((o) => !kept.has(o.ruleId)).map((o) => o.ruleId);

  if (changed.length + gone.length > MAX_ROW_WRITES) {
    await tx.rule.deleteMany({ where: { ruleSetId } });
    if (rows.length > 0) await tx.rule.createMany({ data: rows });
    return;
  }
  if (gone.length > 0) await tx.rule.deleteMany({ where: { ruleSetId, ruleId: { in: gone } } });
  for (const r of changed) {
    const { ruleSetId: _s, ruleId: _r, ...fields } = r;
    await tx.rule.upsert({ where: { ruleSetId_ruleId: { ruleSetId, ruleId: r.ruleId } }, create: r, update: fields });
  }
}
