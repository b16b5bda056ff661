import { apiHandler } from "@/lib/api/operation";
import { fleetHealthOp } from "@/lib/api/operations/routers";
import { fleetHealth } from "@/lib/health/queries";

export const GET = apiHandler(fleetHealthOp, async () => ({ routers: await fleetHealth(), checkedAt: new Date().toISOString() }));
