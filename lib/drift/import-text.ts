import { recordAudit } from "@/lib/audit/record";
import type { SkippedItem, Vendor } from "@/lib/routers/driver";
import { createRuleSet } from "@/lib/rulesets/create-rule-set";
import { auditActor, type RuleSetActor } from "@/lib/rulesets/editor";
import { importRuleSetText } from "./export-text";
import { MAX_RULES_PER_RULE_SET, tooManyRulesMessage } from "@/lib/rules/limits";
import { TEXT_FORMATS } from "./text-formats";
import type { Failure, FailureIssue } from "@/lib/failure";

export type TextImportInput = { vendor: Vendor; name: string; text: string };
/** Issue paths: "name", "text" (the pasted text as a whole) or "text.rules.N.field" (a rule read from it). */
export type TextImportResult =
  | { ok: true; id: string; revision: number; rules: number; lists: number; skipped: SkippedItem[] }
  | (Failure<"bad_request" | "validation_failed"> & { issues: FailureIssue[] });

export const TEXT_IMPORT_ACTION = "ruleset.import-text";

/**
 * A new rule set from a pasted RouterOS script or `uci export`. What the text holds that a rule set cannot is
 * kept in the audit event (the rule set page lists it after the import); a text with nothing importable is
 * refused rather than turned into an empty rule set, saying what was read instead.
 */
export async function importRuleSetFromText(actor: RuleSetActor, input: TextImportInput): Promise<TextImportResult> {
  const format = TEXT_FORMATS[input.vendor];
  const read = await importRuleSetText(input.vendor, input.text);
  const { content, skipped } = read;
  if (content.rules.length > MAX_RULES_PER_RULE_SET) {
    const message = `this text holds ${tooManyRulesMessage(content.rules.length)}; split it into several rule sets`;
    return {
      ok: false,
      code: "validation_failed",
      message: `Not imported: ${message}.`,
      issues: [{ path: "text", message }],
    };
  }
  if (content.rules.length === 0 && content.addressLists.length === 0) {
    const first = skipped[0];
    const message = first
      ? `nothing in this text could be imported as a rule or address list: ${skipped.length === 1 ? "its only item" : `all ${skipped.length} items were skipped, the first`} (${first.ref}, "${first.label}"): ${first.reason}`
      : `no firewall rules or address lists found; is this a ${format.noun}?`;
    return {
      ok: false,
      code: "validation_failed",
      message: `Not imported: ${message}.`,
      issues: [{ path: "text", message }],
    };
  }

  // The content was checked on the worker that read the text (read.checked).
  const r = await createRuleSet(actor, {
    name: input.name,
    description: `Imported from a ${format.noun}`,
    content,
    checked: read.checked ?? undefined,
    texts: read.texts,
    message: `Imported from a ${format.noun}`,
  });
  if (!r.ok) {
    // a rule read from the text that the model refuses: say which rule, at the text
    const issues = r.issues.map((i) =>
      i.path === "name" || i.path === "description" ? i : { path: `text.${i.path}`, message: i.message },
    );
    return { ok: false, code: "validation_failed", message: r.message, issues };
  }
  await recordAudit({
    actor: auditActor(actor),
    action: TEXT_IMPORT_ACTION,
    targetType: "rule-set",
    targetId: r.id,
    summary: `Imported from a ${format.noun}: ${content.rules.length} rule(s), ${content.addressLists.length} address list(s); ${skipped.length} item(s) not imported`,
    details: { vendor: input.vendor, skipped },
  });
  return {
    ok: true,
    id: r.id,
    revision: r.revision,
    rules: content.rules.length,
    lists: content.addressLists.length,
    skipped,
  };
}
