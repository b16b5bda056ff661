import { apiHandler } from "@/lib/api/operation";
import { getHitSettingsOp, putHitSettingsOp } from "@/lib/api/operations/hits";
import { recordAudit } from "@/lib/audit/record";
import { loadHitSettings, saveHitSettings } from "@/lib/hits/settings";

export const GET = apiHandler(getHitSettingsOp, async () => loadHitSettings());

export const PUT = apiHandler(putHitSettingsOp, async ({ principal, body }) => {
  await saveHitSettings(body);
  await recordAudit({
    actor: principal!.actor,
    action: "settings.hits",
    summary: `Rules without hits for ${body.unusedDays} day${body.unusedDays === 1 ? "" : "s"} are flagged unused`,
  });
  return body;
});
