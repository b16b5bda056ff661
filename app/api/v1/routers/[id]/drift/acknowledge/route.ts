import { apiHandler } from "@/lib/api/operation";
import { acknowledgeDriftOp } from "@/lib/api/operations/drift";
import { acknowledgeForApi } from "@/lib/drift/api-service";

export const POST = apiHandler(acknowledgeDriftOp, async ({ principal, params }) =>
  acknowledgeForApi(principal!, params.id),
);
