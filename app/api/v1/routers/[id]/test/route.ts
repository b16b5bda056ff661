import { failureError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { testRouterOp } from "@/lib/api/operations/routers";
import { testRouterSettings } from "@/lib/inventory/test-router-settings";

// The API tests the router as stored only: there is no way to name another target here.
export const POST = apiHandler(testRouterOp, async ({ principal, params }) => {
  const r = await testRouterSettings(principal!.role, params.id, null);
  if (r.refused) throw failureError(r);
  return r.ok
    ? { ok: true, kind: null, latencyMs: r.latencyMs, message: r.message, version: r.version, model: r.model }
    : { ok: false, kind: r.kind, latencyMs: r.latencyMs, message: r.message, version: null, model: null };
});
