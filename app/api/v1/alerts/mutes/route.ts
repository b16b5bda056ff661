import { createMute, listMutes } from "@/lib/alerts/mutes";
import { orThrow } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { createAlertMuteOp, listAlertMutesOp } from "@/lib/api/operations/alerts";
import { recordAudit } from "@/lib/audit/record";

export const GET = apiHandler(listAlertMutesOp, async () => ({ mutes: await listMutes() }));

export const POST = apiHandler(createAlertMuteOp, async ({ principal, body }) => {
  const { mute } = orThrow(await createMute(body, principal!.actor.label));
  await recordAudit({
    actor: principal!.actor,
    action: "alerts.mute",
    summary: `Alerts of ${mute.routerName ? `router '${mute.routerName}'` : `site '${mute.site}'`} muted until ${mute.until}`,
  });
  return mute;
});
