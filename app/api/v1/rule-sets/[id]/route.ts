import { ApiError, failureError, orThrow } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { deleteRuleSetOp, getRuleSetOp, saveRuleSetOp } from "@/lib/api/operations/rule-sets";
import { contentBodyPath, refusalError } from "@/lib/api/rule-set-refusal";
import { deleteRuleSet } from "@/lib/rulesets/delete-rule-set";
import { principalEditor } from "@/lib/rulesets/editor";
import { getRuleSet } from "@/lib/rulesets/get-rule-set";
import { saveRuleSet } from "@/lib/rulesets/save-rule-set";
import { runOffThread } from "@/lib/workers/pool";

export const GET = apiHandler(getRuleSetOp, async ({ params }) => {
  const set = await getRuleSet(params.id);
  if (!set) throw new ApiError("not_found", "No rule set with that id.");
  return {
    id: set.id,
    name: set.name,
    description: set.description,
    headRevision: set.headRevision,
    routersAssigned: set.routersAssigned,
    createdAt: set.createdAt.toISOString(),
    lastChange: set.lastChange && { ...set.lastChange, at: set.lastChange.at.toISOString() },
    content: set.content,
  };
});

// The body, content included, is checked on a worker thread (lib/rulesets/check-content.ts).
export const PUT = apiHandler(saveRuleSetOp, async ({ principal, params, rawBody }) => {
  const checked = await runOffThread("ruleSetRequest", { operationId: "saveRuleSet", text: rawBody! });
  if (!checked.ok) throw failureError(checked);
  const body = checked.body as { baseRevision: number; name: string; description: string; message?: string };
  const r = await saveRuleSet(principalEditor(principal!), params.id, {
    ...body,
    content: undefined,
    checked: checked.checked,
    checkedTexts: checked.texts,
  });
  if (!r.ok) throw refusalError(r, contentBodyPath);
  return { revision: r.revision };
});

export const DELETE = apiHandler(deleteRuleSetOp, async ({ principal, params }) => {
  const r = await deleteRuleSet(principalEditor(principal!), params.id);
  orThrow(r);
  return null;
});
