import { getRevision } from "./get-revision";
import type { RuleSetActor } from "./editor";
import { saveRuleSet, type SaveOutcome } from "./save-rule-set";

/**
 * Revert never rewrites history: it appends a new revision equal to revision `toNumber` (content, name,
 * description) with the message "Revert to revision N", under the same stale-base check as any save.
 */
export async function revertRuleSet(
  actor: RuleSetActor,
  ruleSetId: string,
  toNumber: number,
  baseRevision: number,
): Promise<SaveOutcome> {
  const target = await getRevision(ruleSetId, toNumber);
  if (!target)
    return {
      ok: false,
      code: "not_found",
      kind: "not_found",
      message: `Revision ${toNumber} of this rule set does not exist.`,
    };
  return saveRuleSet(
    actor,
    ruleSetId,
    {
      baseRevision,
      name: target.name,
      description: target.description,
      content: target.content,
      message: `Revert to revision ${toNumber}`,
    },
    {
      action: "ruleset.revert",
      summary: (name, n) => `Reverted '${name}' to revision ${toNumber} (as revision ${n})`,
      details: { revertedTo: toNumber },
    },
  );
}
