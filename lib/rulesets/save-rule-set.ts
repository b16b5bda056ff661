import { db } from "@/lib/db/client";
import type { KnownContentResult } from "@/lib/rules/parse-known-content";
import { checkBaseRevision } from "@/lib/rules/stale-save";
import { canonicalJson, canonicalTexts, textHash, type CanonicalTexts } from "./content-hash";
import type { RuleSetActor } from "./editor";
import { invalid, isUniqueViolation, nameTaken, ruleSetNotFound, staleBase, type Refusal } from "./outcome";
import { validateRuleSetInput } from "./validate-input";
import { writeRevision } from "./write-revision";
import { readWorkingRules, type WorkingRow } from "./write-working-rules";

export type SaveInput = {
  baseRevision: number;
  name: unknown;
  description: unknown;
  content: unknown;
  message?: unknown;
  /** Rules the caller put in from this rule set's stored rules itself (expandRuleRefs): valid as they are. */
  storedRule?: (rule: unknown) => boolean;
  /** The working copy, when the caller read it already (expandRuleRefs) after checking the head was baseRevision. */
  working?: readonly WorkingRow[];
  /** Canonical texts of rule objects the caller put in from canonical working-copy rows (expandRuleRefs). */
  texts?: ReadonlyMap<unknown, string>;
  /** The content's verdict from a worker thread (lib/rulesets/check-content.ts); `content` is then not read. */
  checked?: KnownContentResult;
  /** canonicalTexts of the checked content, computed there too. */
  checkedTexts?: CanonicalTexts;
};
export type SaveOutcome = { ok: true; revision: number } | Refusal;

/** How the audit log names this save; revert and the API's smaller edits pass their own words. */
export type SaveAudit = {
  action: string;
  summary: (name: string, revision: number) => string;
  details?: Record<string, unknown>;
};
const plainSave: SaveAudit = { action: "ruleset.save", summary: (name, n) => `Saved '${name}' as revision ${n}` };

/**
 * Appends revision head+1 if the editor started from the head. A save on a stale base or identical to the head
 * writes nothing. Everything (revision, working copy, head, audit) commits together or not at all.
 */
export async function saveRuleSet(
  actor: RuleSetActor,
  ruleSetId: string,
  input: SaveInput,
  audit: SaveAudit = plainSave,
): Promise<SaveOutcome> {
  // Rules sent back exactly as stored were valid when stored: only the others go through the rule schema.
  const working = input.working ?? (await readWorkingRules(ruleSetId));
  const known = new Map(input.texts);
  const storedText = new Set(working.filter((r) => r.canonical).map((r) => r.data));
  const storedOlder = new Set(working.filter((r) => !r.canonical).map((r) => r.data));
  const isStored = (rule: unknown) => {
    if (input.storedRule?.(rule)) return true;
    if (storedText.size > 0) {
      const text = canonicalJson(rule);
      if (storedText.has(text)) return (known.set(rule, text), true);
    }
    return storedOlder.size > 0 && storedOlder.has(JSON.stringify(rule));
  };
  const valid = validateRuleSetInput(input, isStored, input.checked);
  if (!valid.ok) return invalid(valid.issues);
  const { meta, content, message } = valid;
  const texts = input.checkedTexts ?? canonicalTexts(content, known);
  const hash = textHash(texts.text);

  try {
    return await db.$transaction(async (tx): Promise<SaveOutcome> => {
      const set = await tx.ruleSet.findUnique({
        where: { id: ruleSetId },
        select: { headRevision: true, name: true, description: true },
      });
      if (!set) return ruleSetNotFound;
      const base = checkBaseRevision(set.headRevision, input.baseRevision);
      if (!base.ok) return staleBase(base);

      const head = await tx.ruleSetRevision.findUnique({
        where: { ruleSetId_number: { ruleSetId, number: set.headRevision } },
        select: { contentHash: true },
      });
      if (head && head.contentHash === hash && set.name === meta.name && set.description === meta.description) {
        return {
          ok: false,
          code: "bad_request",
          kind: "unchanged",
          message: `Nothing changed since revision ${set.headRevision}; there is nothing to save.`,
          currentRevision: set.headRevision,
        };
      }
      if (
        meta.name !== set.name &&
        (await tx.ruleSet.findUnique({ where: { name: meta.name }, select: { id: true } }))
      ) {
        return invalid([nameTaken(meta.name)]);
      }

      const number = set.headRevision + 1;
      await writeRevision(tx, actor, {
        ruleSetId,
        number,
        meta,
        content,
        message,
        texts,
        // Read before the transaction, while the head was what this transaction found it to be (checked above).
        workingRows: set.headRevision === input.baseRevision ? working : undefined,
        audit: { action: audit.action, summary: audit.summary(meta.name, number), details: audit.details },
      });
      return { ok: true, revision: number };
    });
  } catch (err) {
    // Another process won the race between our check and insert (same revision number or same name).
    if (!isUniqueViolation(err)) throw err;
    const now = await db.ruleSet.findUnique({ where: { id: ruleSetId }, select: { headRevision: true } });
    if (!now) return ruleSetNotFound;
    const base = checkBaseRevision(now.headRevision, input.baseRevision);
    if (!base.ok) return staleBase(base);
    return invalid([nameTaken(meta.name)]);
  }
}
