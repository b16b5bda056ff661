import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { getPlanPageOp } from "@/lib/api/operations/push";
import { planPage } from "@/lib/push/plan-store";

export const GET = apiHandler(getPlanPageOp, async ({ params, query }) => {
  const r = await planPage(params.hash, params.section, query.cursor, query.limit);
  if (!r.ok) throw new ApiError("not_found", r.message);
  return r.page;
});
