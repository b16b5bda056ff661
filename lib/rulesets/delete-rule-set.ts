import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { auditActor, type RuleSetActor } from "./editor";

export type DeleteOutcome = { ok: true; name: string } | { ok: false; kind: "not_found" | "in_use"; message: string };

/**
 * Deleting removes the rule set with its history, so it is refused while routers are assigned to it; the audit
 * event (which outlives it) records the name and the last revision number.
 */
export async function deleteRuleSet(actor: RuleSetActor, id: string): Promise<DeleteOutcome> {
  return db.$transaction(async (tx): Promise<DeleteOutcome> => {
    const set = await tx.ruleSet.findUnique({ where: { id }, include: { _count: { select: { assignments: true } } } });
    if (!set) return { ok: false, kind: "not_found", message: "That rule set does not exist (it may have been deleted)." };
    const n = set._count.assignments;
    if (n > 0) return { ok: false, kind: "in_use", message: `'${set.name}' is assigned to ${n} router${n === 1 ? "" : "s"}; assign ${n === 1 ? "it" : "them"} another rule set first.` };
    await tx.ruleSet.delete({ where: { id } });
    await recordAudit(
      { actor: auditActor(actor), action: "ruleset.delete", targetType: "rule-set", targetId: id, summary: `Deleted rule set '${set.name}' (at revision ${set.headRevision})`, details: { name: set.name, headRevision: set.headRevision } },
      tx,
    );
    return { ok: true, name: set.name };
  });
}
