import { apiHandler } from "@/lib/api/operation";
import { fleetHealthOp } from "@/lib/api/operations/routers";
import { fleetHealth } from "@/lib/health/queries";

export const GET = apiHandler(fleetHealthOp, async ({ query }) => ({
  ...(await fleetHealth(query)),
  checkedAt: new Date().toISOString(),
}));
