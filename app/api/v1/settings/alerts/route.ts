import { loadAlertSettings, saveAlertSettings } from "@/lib/alerts/settings";
import { apiHandler } from "@/lib/api/operation";
import { getAlertSettingsOp, setAlertSettingsOp } from "@/lib/api/operations/alerts";
import { recordAudit } from "@/lib/audit/record";

export const GET = apiHandler(getAlertSettingsOp, async () => loadAlertSettings());

export const PUT = apiHandler(setAlertSettingsOp, async ({ principal, body }) => {
  await saveAlertSettings(body);
  await recordAudit({
    actor: principal!.actor,
    action: "settings.alerts",
    summary: body.throttleMinutes
      ? `Alerts throttled to once per ${body.throttleMinutes} min per alert and router`
      : "Alert throttling off",
  });
  return body;
});
