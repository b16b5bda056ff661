import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { send } from "./outbox";
import type { SendResult } from "./types";

/** "Send test": one message to the channel now, waiting for the answer, so the admin sees it at the button. */
export async function sendTestAlert(channelId: string): Promise<SendResult | null> {
  const channel = await db.alertChannel.findUnique({ where: { id: channelId } });
  if (!channel) return null;
  return send(channel, {
    id: `test-${randomUUID()}`,
    type: "router-down",
    test: true,
    summary: `Test alert from Rampart to channel '${channel.name}': if you read this, alerts reach you.`,
    router: { id: null, name: "", site: "" },
    at: new Date(),
    link: "/alerts",
  });
}
