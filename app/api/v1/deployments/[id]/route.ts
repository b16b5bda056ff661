import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { getDeploymentOp } from "@/lib/api/operations/push";
import { getDeployment } from "@/lib/push/queries";

export const GET = apiHandler(getDeploymentOp, async ({ params }) => {
  const d = await getDeployment(params.id);
  if (!d) throw new ApiError("not_found", "deployment not found");
  return d;
});
