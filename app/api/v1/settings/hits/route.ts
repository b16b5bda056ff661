import { apiHandler } from "@/lib/api/operation";
import { getHitSettingsOp, putHitSettingsOp } from "@/lib/api/operations/hits";
import { recordAudit } from "@/lib/audit/record";
import { hitSettingsSummary, loadHitSettings, saveHitSettings } from "@/lib/hits/settings";

export const GET = apiHandler(getHitSettingsOp, async () => loadHitSettings());

export const PUT = apiHandler(putHitSettingsOp, async ({ principal, body }) => {
  await saveHitSettings(body);
  await recordAudit({ actor: principal!.actor, action: "settings.hits", summary: hitSettingsSummary(body) });
  return body;
});
