import { orThrow } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { proposeRouterRolesOp } from "@/lib/api/operations/routers";
import { proposeRouterRoles } from "@/lib/inventory/router-roles";

export const GET = apiHandler(proposeRouterRolesOp, async ({ params }) => ({
  proposals: orThrow(await proposeRouterRoles(params.id)).proposals,
}));
