import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { routerHealthOp } from "@/lib/api/operations/routers";
import { latencySeries, routerHealth } from "@/lib/health/queries";
import { recentStateChanges } from "@/lib/health/uptime";

export const GET = apiHandler(routerHealthOp, async ({ params, query }) => {
  const router = await routerHealth(params.id);
  if (!router) throw new ApiError("not_found", "No router with that id.");
  const [series, changes] = await Promise.all([latencySeries(params.id, query.range), recentStateChanges(params.id)]);
  return { router, series, changes };
});
