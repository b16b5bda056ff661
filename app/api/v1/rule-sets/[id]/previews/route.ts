import { apiHandler } from "@/lib/api/operation";
import { previewPushOp } from "@/lib/api/operations/push";
import { previewForApi } from "@/lib/push/api-service";

export const POST = apiHandler(previewPushOp, async ({ principal, params, body }) =>
  previewForApi(principal!, params.id, body),
);
