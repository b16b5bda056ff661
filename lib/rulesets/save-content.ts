import type { RuleSetContent } from "@/lib/rules/schema";
import type { RuleSetActor } from "./editor";
import type { RuleSetDetail } from "./get-rule-set";
import { invalid } from "./outcome";
import { saveRuleSet, type SaveOutcome } from "./save-rule-set";

export type ContentChange = {
  baseRevision: number;
  content: RuleSetContent;
  message: string;
  summary: (name: string, revision: number) => string;
  /** Issues under this path (e.g. "rules.3.") are about the changed part: they come back under `issuesAs`. */
  issuesUnder: string;
  issuesAs: string;
};

/**
 * Saves a change to one part of a rule set's content (a rule, an address list) as a new revision, keeping its
 * name and description, and names the part's issues the way the caller's input names them.
 */
export async function saveContentChange(
  actor: RuleSetActor,
  set: RuleSetDetail,
  change: ContentChange,
): Promise<SaveOutcome> {
  const saved = await saveRuleSet(
    actor,
    set.id,
    {
      baseRevision: change.baseRevision,
      name: set.name,
      description: set.description,
      content: change.content,
      message: change.message,
    },
    { action: "ruleset.save", summary: change.summary },
  );
  if (saved.ok || saved.kind !== "invalid") return saved;
  const { issuesUnder: from, issuesAs: to } = change;
  return invalid(
    saved.issues.map((i) => (i.path.startsWith(from) ? { ...i, path: to + i.path.slice(from.length) } : i)),
    saved.message,
  );
}
