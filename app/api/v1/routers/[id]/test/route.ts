import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { testRouterOp } from "@/lib/api/operations/routers";
import { loadRouterTarget } from "@/lib/inventory/routers";
import { testRouterConnection } from "@/lib/inventory/test-connection";

export const POST = apiHandler(testRouterOp, async ({ params }) => {
  const target = await loadRouterTarget(params.id);
  if (!target) throw new ApiError("not_found", "No router with that id.");
  const r = await testRouterConnection(target);
  return r.ok
    ? { ok: true, kind: null, latencyMs: r.latencyMs, message: r.message, version: r.version, model: r.model }
    : { ok: false, kind: r.kind, latencyMs: r.latencyMs, message: r.message, version: null, model: null };
});
