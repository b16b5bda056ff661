import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { getPlanOp } from "@/lib/api/operations/push";
import { planSummary } from "@/lib/push/plan-store";

export const GET = apiHandler(getPlanOp, async ({ params }) => {
  const s = await planSummary(params.hash);
  if (!s) throw new ApiError("not_found", "No plan with that hash.");
  return s;
});
