import { ApiError, orThrow } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { getRouterRolesOp, putRouterRolesOp } from "@/lib/api/operations/routers";
import { getRouterRoles, setRouterRoles } from "@/lib/inventory/router-roles";

export const GET = apiHandler(getRouterRolesOp, async ({ params }) => {
  const roles = await getRouterRoles(params.id);
  if (!roles) throw new ApiError("not_found", "No router with that id.");
  return { roles };
});

export const PUT = apiHandler(putRouterRolesOp, async ({ principal, params, body }) => ({
  roles: orThrow(await setRouterRoles(principal!.actor, params.id, body.roles)).roles,
}));
