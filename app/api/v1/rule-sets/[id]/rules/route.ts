import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { addRuleOp, listRulesOp } from "@/lib/api/operations/rule-sets";
import { refusalError } from "@/lib/api/rule-set-refusal";
import { describeRule } from "@/lib/rules/describe";
import { addRule } from "@/lib/rulesets/add-rule";
import { principalEditor } from "@/lib/rulesets/editor";
import { getRuleSet } from "@/lib/rulesets/get-rule-set";

export const GET = apiHandler(listRulesOp, async ({ params }) => {
  const set = await getRuleSet(params.id);
  if (!set) throw new ApiError("not_found", "No rule set with that id.");
  return {
    headRevision: set.headRevision,
    rules: set.content.rules.map((rule, position) => ({ position, description: describeRule(rule), rule })),
  };
});

export const POST = apiHandler(addRuleOp, async ({ principal, params, body }) => {
  const r = await addRule(principalEditor(principal!), params.id, body);
  if (!r.ok)
    throw refusalError(r, (p) =>
      p === "rule" || p.startsWith("rule.") || p === "position" || p === "message" ? p : `existing content: ${p}`,
    );
  return { revision: r.revision, ruleId: r.ruleId, position: r.position };
});
