import { apiHandler } from "@/lib/api/operation";
import { importFromRouterOp } from "@/lib/api/operations/drift";
import { importFromRouterForApi } from "@/lib/drift/api-service";

export const POST = apiHandler(importFromRouterOp, async ({ principal, params, body }) =>
  importFromRouterForApi(principal!, params.id, body),
);
