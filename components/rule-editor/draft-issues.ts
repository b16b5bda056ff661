import { RULE_FIELDS } from "@/lib/rules/format-field";
import { ruleSchema, ruleSetContentSchema, type AddressList, type Rule } from "@/lib/rules/schema";
import { draftToRule, type RuleDraft } from "./rule-draft";

/**
 * Widget keys: a top-level field ("protocol", "src", "dstPorts"), a chip ("src.values.2", "dstPorts.chip.0"),
 * the list picker ("src.list"), or "_rule" for anything no widget owns (so no message is ever dropped).
 */
export type DraftIssues = Record<string, string>;
export type DraftCheck = { ok: true; rule: Rule; issues: DraftIssues } | { ok: false; issues: DraftIssues };

// Every field a person edits has a widget; widgetKey splits off chips and list pickers before it asks this.
const TOP_LEVEL: ReadonlySet<string> = new Set(RULE_FIELDS);

/** The widget that shows an issue at `path` (relative to the rule, e.g. "src.values.0"). */
export function widgetKey(path: (string | number)[], portChips: { srcPorts: number[]; dstPorts: number[] }): string {
  const [field, second, third] = path;
  if (field === "src" || field === "dst") {
    if (second === "values" && typeof third === "number") return `${field}.values.${third}`;
    if (second === "list") return `${field}.list`;
    return field;
  }
  if (field === "srcPorts" || field === "dstPorts") {
    return typeof second === "number" ? `${field}.chip.${portChips[field][second] ?? 0}` : field;
  }
  // one chip per ICMP type, in order
  if (field === "icmpTypes") return typeof second === "number" ? `icmpTypes.chip.${second}` : field;
  if (typeof field === "string" && TOP_LEVEL.has(field)) return field;
  return "_rule";
}

/**
 * Judges the draft with the same schema the server saves with: the rule inside a content holding this rule
 * set's address lists, so a reference to a missing list is caught here too. Only the rule's own issues count.
 */
export function checkDraft(draft: RuleDraft, addressLists: AddressList[]): DraftCheck {
  const built = draftToRule(draft);
  const issues: DraftIssues = { ...built.local };
  const parsed = ruleSetContentSchema.safeParse({ rules: [built.rule], addressLists });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.path[0] !== "rules") continue;
      const key = widgetKey(issue.path.slice(2) as (string | number)[], built.portChips);
      issues[key] ??= issue.message;
    }
  }
  if (Object.keys(issues).length > 0) return { ok: false, issues };
  // A broken address list elsewhere must not block this rule, so the applied value comes from the rule alone.
  const alone = ruleSchema.safeParse(built.rule);
  return alone.success
    ? { ok: true, rule: alone.data, issues }
    : { ok: false, issues: { _rule: alone.error.issues[0].message } };
}

/** The field a widget key belongs to, for deciding whether its message is shown yet. */
export function fieldOf(key: string): string {
  return key.split(".")[0];
}
