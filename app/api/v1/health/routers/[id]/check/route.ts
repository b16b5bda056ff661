import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { checkNowOp } from "@/lib/api/operations/routers";
import { routerHealth } from "@/lib/health/queries";
import { loadPollSettings } from "@/lib/health/poll-interval";
import { pollRouter } from "@/lib/health/sweep";
import { getRouter } from "@/lib/inventory/routers";

export const POST = apiHandler(checkNowOp, async ({ params }) => {
  if (!(await getRouter(params.id))) throw new ApiError("not_found", "No router with that id.");
  const s = await loadPollSettings();
  await pollRouter(params.id, { concurrency: 1, timeoutMs: s.timeoutSeconds * 1000 });
  const row = await routerHealth(params.id);
  if (!row) throw new ApiError("not_found", "No router with that id.");
  return row;
});
