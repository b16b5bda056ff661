import { db } from "@/lib/db/client";
import type { KnownContentResult } from "@/lib/rules/parse-known-content";
import type { CanonicalTexts } from "./content-hash";
import type { RuleSetActor } from "./editor";
import { invalid, isUniqueViolation, nameTaken, type InvalidRefusal } from "./outcome";
import { validateRuleSetInput } from "./validate-input";
import { writeRevision } from "./write-revision";

export type CreateInput = {
  name: unknown;
  description: unknown;
  content: unknown;
  message?: unknown;
  /** The content's verdict from a worker thread (lib/rulesets/check-content.ts); `content` is then not read. */
  checked?: KnownContentResult;
  /** canonicalTexts of the checked content, computed there too. */
  texts?: CanonicalTexts;
};
export type CreateOutcome = { ok: true; id: string; revision: number } | InvalidRefusal;

/** A new rule set starts at revision 1, so even its first content is in the history. */
export async function createRuleSet(actor: RuleSetActor, input: CreateInput, how = "Created"): Promise<CreateOutcome> {
  const valid = validateRuleSetInput(input, undefined, input.checked);
  if (!valid.ok) return invalid(valid.issues, "Not created: fix the highlighted fields.");
  const { meta, content } = valid;
  const message = valid.message || how;

  try {
    return await db.$transaction(async (tx): Promise<CreateOutcome> => {
      if (await tx.ruleSet.findUnique({ where: { name: meta.name }, select: { id: true } })) {
        return invalid([nameTaken(meta.name)], "Not created: fix the highlighted fields.");
      }
      const set = await tx.ruleSet.create({
        data: { name: meta.name, description: meta.description, headRevision: 0 },
      });
      await writeRevision(tx, actor, {
        ruleSetId: set.id,
        number: 1,
        meta,
        content,
        message,
        texts: input.texts,
        audit: {
          action: "ruleset.create",
          summary: `Created rule set '${meta.name}' with ${content.rules.length} rule(s): ${message}`,
        },
      });
      return { ok: true, id: set.id, revision: 1 };
    });
  } catch (err) {
    if (isUniqueViolation(err)) return invalid([nameTaken(meta.name)], "Not created: fix the highlighted fields.");
    throw err;
  }
}
