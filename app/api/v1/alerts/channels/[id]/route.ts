import { deleteChannel, getChannel, updateChannel } from "@/lib/alerts/channels";
import { ApiError, orThrow } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { deleteAlertChannelOp, updateAlertChannelOp } from "@/lib/api/operations/alerts";
import { recordAudit } from "@/lib/audit/record";

export const PUT = apiHandler(updateAlertChannelOp, async ({ principal, params, body }) => {
  const { channel } = orThrow(await updateChannel(params.id, body));
  await recordAudit({
    actor: principal!.actor,
    action: "alerts.channel.update",
    summary: `Alert channel '${channel.name}' changed${body.secret ? " (new secret)" : ""}`,
  });
  return channel;
});

export const DELETE = apiHandler(deleteAlertChannelOp, async ({ principal, params }) => {
  const channel = await getChannel(params.id);
  if (!channel || !(await deleteChannel(params.id))) throw new ApiError("not_found", "alert channel not found");
  await recordAudit({
    actor: principal!.actor,
    action: "alerts.channel.delete",
    summary: `Alert channel '${channel.name}' removed`,
  });
  return null;
});
