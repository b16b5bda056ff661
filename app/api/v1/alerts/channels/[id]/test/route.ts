import { sendTestAlert } from "@/lib/alerts/test-send";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { testAlertChannelOp } from "@/lib/api/operations/alerts";

export const POST = apiHandler(testAlertChannelOp, async ({ params }) => {
  const r = await sendTestAlert(params.id);
  if (!r) throw new ApiError("not_found", "alert channel not found");
  return r;
});
