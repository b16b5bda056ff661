import { apiHandler } from "@/lib/api/operation";
import { stopBatchOp } from "@/lib/api/operations/push";
import { batchActionForApi } from "@/lib/push/api-service";

export const POST = apiHandler(stopBatchOp, async ({ principal, params }) =>
  batchActionForApi(principal!, params.id, "stop"),
);
