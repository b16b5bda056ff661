import type { PushPlan } from "@/lib/routers/driver";
import type { Rule } from "@/lib/rules/schema";
import { ruleLabeller } from "@/lib/rules/describe";

/**
 * Planners name rules by their stable id ("add rule rweb0001 …"): they know the compiled rows, not the rule set.
 * The preview shows the plan to a person, so each "rule <id>" in an operation's label and a change's description
 * becomes "rule #2 web" here. Only the text changes: what goes on the wire is untouched.
 */
export function nameRulesInPlan<P extends PushPlan>(plan: P, rules: readonly Rule[]): P {
  const label = ruleLabeller(rules);
  const rename = (text: string) =>
    text.replace(/\brule ([A-Za-z0-9_-]+)/g, (whole, id: string) => {
      const named = label(id);
      return named === null ? whole : `rule ${named}`;
    });
  return {
    ...plan,
    ops: plan.ops.map((op) => ({ ...op, label: rename(op.label) })),
    changes: plan.changes.map((c) => ({ ...c, description: rename(c.description) })),
  };
}
