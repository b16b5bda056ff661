import { apiHandler } from "@/lib/api/operation";
import { getPlanRetentionOp, putPlanRetentionOp } from "@/lib/api/operations/settings";
import { recordAudit } from "@/lib/audit/record";
import { loadPlanRetention, prunePlans, savePlanRetention } from "@/lib/push/plan-retention";

export const GET = apiHandler(getPlanRetentionOp, async () => loadPlanRetention());

export const PUT = apiHandler(putPlanRetentionOp, async ({ principal, body }) => {
  await savePlanRetention(body);
  await recordAudit({
    actor: principal!.actor,
    action: "settings.plan-retention",
    summary: `Push plan detail kept ${body.days} day${body.days === 1 ? "" : "s"} after last use`,
  });
  return { ...body, ...(await prunePlans()) };
});
