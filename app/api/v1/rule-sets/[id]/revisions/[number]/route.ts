import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { getRevisionOp } from "@/lib/api/operations/rule-sets";
import { getRevision } from "@/lib/rulesets/get-revision";

export const GET = apiHandler(getRevisionOp, async ({ params }) => {
  const r = await getRevision(params.id, params.number);
  if (!r) throw new ApiError("not_found", `No revision ${params.number} of that rule set.`);
  return {
    number: r.number,
    authorLabel: r.authorLabel,
    message: r.message,
    name: r.name,
    description: r.description,
    ruleCount: r.ruleCount,
    contentHash: r.contentHash,
    createdAt: r.createdAt.toISOString(),
    content: r.content,
  };
});
