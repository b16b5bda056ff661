import { makeRule } from "@/lib/rules/make-rule";
import type { Rule } from "@/lib/rules/schema";
import type { RuleSetActor } from "./editor";
import { getRuleSet } from "./get-rule-set";
import { invalid, ruleSetNotFound, type Refusal } from "./outcome";
import { saveRuleSet } from "./save-rule-set";

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
  const saved = await saveRuleSet(
    actor,
    ruleSetId,
    {
      baseRevision: input.baseRevision,
      name: set.name,
      description: set.description,
      content,
      message: input.message || `Added rule #${position + 1}`,
    },
    { action: "ruleset.save", summary: (name, n) => `Added a rule at #${position + 1} of '${name}' (revision ${n})` },
  );
  if (saved.ok) return { ...saved, ruleId: rule.id, position };
  if (saved.kind !== "invalid") return saved;
  const prefix = `rules.${position}.`;
  return invalid(
    saved.issues.map((i) => (i.path.startsWith(prefix) ? { ...i, path: `rule.${i.path.slice(prefix.length)}` } : i)),
    saved.message,
  );
}
