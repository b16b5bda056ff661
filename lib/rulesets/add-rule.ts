import { makeRule } from "@/lib/rules/make-rule";
import type { Rule } from "@/lib/rules/schema";
import type { RuleSetActor } from "./editor";
import { getRuleSet } from "./get-rule-set";
import { invalid, ruleSetNotFound, type Refusal } from "./outcome";
import { saveContentChange } from "./save-content";

export type AddRuleInput = {
  baseRevision: number;
  position?: number;
  rule: Partial<Omit<Rule, "id">>;
  message?: string;
};
export type AddRuleOutcome = { ok: true; revision: number; ruleId: string; position: number } | Refusal;

/**
 * Inserts one rule (defaults from makeRule for fields not given) at `position` (0-based; default: the end) as a
 * new revision. Issues about the new rule come back as "rule.<field>".
 */
export async function addRule(actor: RuleSetActor, ruleSetId: string, input: AddRuleInput): Promise<AddRuleOutcome> {
  const set = await getRuleSet(ruleSetId);
  if (!set) return ruleSetNotFound;
  const rules = set.content.rules;
  const position = input.position ?? rules.length;
  if (position > rules.length)
    return invalid([
      { path: "position", message: `position ${position} is past the end; this rule set has ${rules.length} rule(s)` },
    ]);

  const rule = makeRule(input.rule);
  const content = { ...set.content, rules: [...rules.slice(0, position), rule, ...rules.slice(position)] };
  const saved = await saveContentChange(actor, set, {
    baseRevision: input.baseRevision,
    content,
    message: input.message || `Added rule #${position + 1}`,
    summary: (name, n) => `Added a rule at #${position + 1} of '${name}' (revision ${n})`,
    issuesUnder: `rules.${position}.`,
    issuesAs: "rule.",
  });
  return saved.ok ? { ...saved, ruleId: rule.id, position } : saved;
}
