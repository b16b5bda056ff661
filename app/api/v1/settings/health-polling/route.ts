import { apiHandler } from "@/lib/api/operation";
import { getPollSettingsOp, putPollSettingsOp } from "@/lib/api/operations/settings";
import { recordAudit } from "@/lib/audit/record";
import { loadPollSettings, pollSummary, savePollSettings } from "@/lib/health/poll-interval";

export const GET = apiHandler(getPollSettingsOp, async () => loadPollSettings());

export const PUT = apiHandler(putPollSettingsOp, async ({ principal, body }) => {
  const s = { ...body, driftSeconds: body.driftSeconds ?? (await loadPollSettings()).driftSeconds };
  await savePollSettings(s);
  await recordAudit({ actor: principal!.actor, action: "settings.health-polling", summary: pollSummary(s) });
  return s;
});
