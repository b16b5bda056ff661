import { loadPushGuard, pushGuardSummary, savePushGuard } from "@/lib/analysis/push-guard";
import { apiHandler } from "@/lib/api/operation";
import { getPushGuardOp, putPushGuardOp } from "@/lib/api/operations/analysis";
import { recordAudit } from "@/lib/audit/record";

export const GET = apiHandler(getPushGuardOp, async () => loadPushGuard());

export const PUT = apiHandler(putPushGuardOp, async ({ principal, body }) => {
  await savePushGuard(body);
  await recordAudit({ actor: principal!.actor, action: "settings.push-guard", summary: pushGuardSummary(body) });
  return body;
});
