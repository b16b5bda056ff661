import { apiHandler } from "@/lib/api/operation";
import { revertRuleSetOp } from "@/lib/api/operations/rule-sets";
import { refusalError } from "@/lib/api/rule-set-refusal";
import { principalEditor } from "@/lib/rulesets/editor";
import { revertRuleSet } from "@/lib/rulesets/revert-rule-set";

export const POST = apiHandler(revertRuleSetOp, async ({ principal, params, body }) => {
  const r = await revertRuleSet(principalEditor(principal!), params.id, body.to, body.baseRevision);
  if (!r.ok) throw refusalError(r);
  return { revision: r.revision };
});
