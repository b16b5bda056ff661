import { apiHandler } from "@/lib/api/operation";
import { previewPushManyOp } from "@/lib/api/operations/push";
import { previewManyForApi } from "@/lib/push/api-service";

export const POST = apiHandler(previewPushManyOp, async ({ principal, params, body }) =>
  previewManyForApi(principal!, params.id, body),
);
