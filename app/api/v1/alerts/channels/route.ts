import { createChannel, listChannels } from "@/lib/alerts/channels";
import { orThrow } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { createAlertChannelOp, listAlertChannelsOp } from "@/lib/api/operations/alerts";
import { recordAudit } from "@/lib/audit/record";

export const GET = apiHandler(listAlertChannelsOp, async () => ({ channels: await listChannels() }));

export const POST = apiHandler(createAlertChannelOp, async ({ principal, body }) => {
  const { channel } = orThrow(await createChannel(body));
  await recordAudit({
    actor: principal!.actor,
    action: "alerts.channel.create",
    summary: `Alert channel '${channel.name}' (${channel.kind}) added`,
  });
  return channel;
});
