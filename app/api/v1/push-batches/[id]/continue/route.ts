import { apiHandler } from "@/lib/api/operation";
import { continueBatchOp } from "@/lib/api/operations/push";
import { batchActionForApi } from "@/lib/push/api-service";

export const POST = apiHandler(continueBatchOp, async ({ principal, params }) =>
  batchActionForApi(principal!, params.id, "continue"),
);
