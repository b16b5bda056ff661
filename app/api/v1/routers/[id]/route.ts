import { orThrow } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { deleteRouterOp, getRouterOp, updateRouterOp } from "@/lib/api/operations/routers";
import { getRouterOrThrow, updateRouterForApi } from "@/lib/inventory/router-service";
import { deleteRouter } from "@/lib/inventory/routers";

export const GET = apiHandler(getRouterOp, async ({ params }) => getRouterOrThrow(params.id));
export const PUT = apiHandler(updateRouterOp, async ({ principal, params, body }) =>
  updateRouterForApi(principal!.actor, params.id, body),
);
export const DELETE = apiHandler(deleteRouterOp, async ({ principal, params }) => {
  orThrow(await deleteRouter(principal!.actor, params.id));
  return null;
});
