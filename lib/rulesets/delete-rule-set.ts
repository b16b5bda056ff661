import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { failure, type Failure } from "@/lib/failure";
import { auditActor, type RuleSetActor } from "./editor";

/** conflict: routers are assigned to it. */
export type DeleteOutcome = { ok: true; name: string } | Failure<"not_found" | "conflict">;

/**
 * Deleting removes the rule set with its history, so it is refused while routers are assigned to it; the audit
 * event (which outlives it) records the name and the last revision number.
 */
export async function deleteRuleSet(actor: RuleSetActor, id: string): Promise<DeleteOutcome> {
  return db.$transaction(async (tx): Promise<DeleteOutcome> => {
    const set = await tx.ruleSet.findUnique({ where: { id }, include: { _count: { select: { assignments: true } } } });
    if (!set) return failure("not_found", "That rule set does not exist (it may have been deleted).");
    const n = set._count.assignments;
    if (n > 0)
      return failure(
        "conflict",
        `'${set.name}' is assigned to ${n} router${n === 1 ? "" : "s"}; assign ${n === 1 ? "it" : "them"} another rule set first.`,
      );
    await tx.ruleSet.delete({ where: { id } });
    await recordAudit(
      {
        actor: auditActor(actor),
        action: "ruleset.delete",
        targetType: "rule-set",
        targetId: id,
        summary: `Deleted rule set '${set.name}' (at revision ${set.headRevision})`,
        details: { name: set.name, headRevision: set.headRevision },
      },
      tx,
    );
    return { ok: true, name: set.name };
  });
}
