import { deleteMute } from "@/lib/alerts/mutes";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { deleteAlertMuteOp } from "@/lib/api/operations/alerts";
import { recordAudit } from "@/lib/audit/record";

export const DELETE = apiHandler(deleteAlertMuteOp, async ({ principal, params }) => {
  if (!(await deleteMute(params.id))) throw new ApiError("not_found", "mute not found (it may have ended)");
  await recordAudit({ actor: principal!.actor, action: "alerts.unmute", summary: "A maintenance mute was ended" });
  return null;
});
