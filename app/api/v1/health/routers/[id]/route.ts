import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { routerHealthOp } from "@/lib/api/operations/routers";
import { latencySeries, routerHealth } from "@/lib/health/queries";

export const GET = apiHandler(routerHealthOp, async ({ params, query }) => {
  const router = await routerHealth(params.id);
  if (!router) throw new ApiError("not_found", "No router with that id.");
  return { router, series: await latencySeries(params.id, query.range) };
});
