import { apiHandler } from "@/lib/api/operation";
import { getPollSettingsOp, putPollSettingsOp } from "@/lib/api/operations/settings";
import { recordAudit } from "@/lib/audit/record";
import { loadPollSettings, savePollSettings } from "@/lib/health/poll-interval";

export const GET = apiHandler(getPollSettingsOp, async () => loadPollSettings());

export const PUT = apiHandler(putPollSettingsOp, async ({ principal, body }) => {
  await savePollSettings(body);
  await recordAudit({
    actor: principal!.actor,
    action: "settings.health-polling",
    summary: `Health polling: every ${body.intervalSeconds} s, timeout ${body.timeoutSeconds} s, ${body.concurrency} at once`,
  });
  return body;
});
