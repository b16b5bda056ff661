import { apiHandler } from "@/lib/api/operation";
import { createRouterOp, listRoutersOp } from "@/lib/api/operations/routers";
import { createRouterForApi } from "@/lib/inventory/router-service";
import { listRouters } from "@/lib/inventory/routers";

export const GET = apiHandler(listRoutersOp, async () => ({ routers: await listRouters() }));
export const POST = apiHandler(createRouterOp, async ({ principal, body }) =>
  createRouterForApi(principal!.actor, body),
);
