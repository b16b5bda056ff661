import { apiHandler } from "@/lib/api/operation";
import { startPushOp } from "@/lib/api/operations/push";
import { pushForApi } from "@/lib/push/api-service";

export const POST = apiHandler(startPushOp, async ({ principal, params, body }) =>
  pushForApi(principal!, params.id, body),
);
