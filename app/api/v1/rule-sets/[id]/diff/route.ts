import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { diffRevisionsOp } from "@/lib/api/operations/rule-sets";
import { diffRevisions } from "@/lib/rulesets/diff-revisions";

export const GET = apiHandler(diffRevisionsOp, async ({ params, query }) => {
  const r = await diffRevisions(params.id, query.from, query.to);
  if (!r.ok) throw new ApiError("not_found", `No revision ${r.missing} of that rule set.`);
  const { from, to, diff, nameChanged, descriptionChanged } = r.value;
  return { from: from.number, to: to.number, nameChanged, descriptionChanged, diff };
});
