import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { listRevisionsOp } from "@/lib/api/operations/rule-sets";
import { listRevisions } from "@/lib/rulesets/list-revisions";

export const GET = apiHandler(listRevisionsOp, async ({ params }) => {
  const revisions = await listRevisions(params.id);
  if (!revisions) throw new ApiError("not_found", "No rule set with that id.");
  return { revisions: revisions.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
});
