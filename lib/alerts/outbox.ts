import { db } from "@/lib/db/client";
import { channelSecret } from "./channels";
import type { AlertMessage } from "./payload";
import { sendMail } from "./smtp";
import { alertTypeSchema, smtpConfigSchema, webhookConfigSchema, type SendResult } from "./types";
import { sendWebhook } from "./webhook";

/** Attempts before a delivery is given up as failed: with the backoff below, about 4 hours of retrying. */
export const MAX_ATTEMPTS = 8;
/** A claim older than this belongs to a sender that died mid-send: the delivery is pending again. */
export const STALE_CLAIM_MS = 2 * 60_000;
const BATCH = 20;
const PARALLEL = 4;

/** Wait before attempt n+1 after n failed ones: 30 s, 1 min, 2 min ... at most an hour. */
export function backoffMs(failedAttempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, failedAttempts - 1));
}

/**
 * Sends the deliveries that are due. Each is claimed with `UPDATE ... WHERE id = ? AND status = 'pending'`
 * before sending, so any number of server processes can run this at once and each delivery is sent by one.
 * Returns how many were attempted.
 */
export async function deliverDue(now = new Date()): Promise<number> {
  await db.alertDelivery.updateMany({
    where: { status: "sending", claimedAt: { lt: new Date(now.getTime() - STALE_CLAIM_MS) } },
    data: { status: "pending" },
  });
  const due = await db.alertDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  let attempted = 0;
  for (let i = 0; i < due.length; i += PARALLEL) {
    const results = await Promise.all(due.slice(i, i + PARALLEL).map((d) => deliverOne(d.id, now)));
    attempted += results.filter(Boolean).length;
  }
  return attempted;
}

async function deliverOne(id: string, now: Date): Promise<boolean> {
  const claimed = await db.alertDelivery.updateMany({
    where: { id, status: "pending" },
    data: { status: "sending", claimedAt: new Date() },
  });
  if (claimed.count === 0) return false;
  const d = await db.alertDelivery.findUnique({ where: { id }, include: { event: true, channel: true } });
  if (!d) return false;
  if (!d.channel) {
    await db.alertDelivery.updateMany({
      where: { id, status: "sending" },
      data: { status: "failed", claimedAt: null, lastError: "the channel was removed before this alert was sent" },
    });
    return true;
  }
  const result = await send(d.channel, {
    id: d.event.id,
    type: alertTypeSchema.parse(d.event.type),
    summary: d.event.summary,
    router: { id: d.event.routerId, name: d.event.routerName, site: d.event.site },
    at: d.event.at,
    link: d.event.link,
    test: false,
  });
  const attempts = d.attempts + 1;
  const done = result.ok;
  const givenUp = !done && attempts >= MAX_ATTEMPTS;
  await db.alertDelivery.updateMany({
    where: { id, status: "sending" },
    data: {
      status: done ? "delivered" : givenUp ? "failed" : "pending",
      attempts,
      claimedAt: null,
      lastResult: result.result,
      lastError: result.error,
      deliveredAt: done ? new Date() : null,
      nextAttemptAt: done || givenUp ? d.nextAttemptAt : new Date(now.getTime() + backoffMs(attempts)),
    },
  });
  return true;
}

type ChannelRow = Parameters<typeof channelSecret>[0];

/** One message to one channel, now. Used by the outbox and by "Send test". */
export async function send(channel: ChannelRow, m: AlertMessage): Promise<SendResult> {
  try {
    const secret = channelSecret(channel);
    if (channel.kind === "webhook") {
      if (!secret) return { ok: false, result: null, error: "no signing secret stored" };
      return await sendWebhook(webhookConfigSchema.parse(JSON.parse(channel.config)).url, secret, m);
    }
    return await sendMail(smtpConfigSchema.parse(JSON.parse(channel.config)), secret, m);
  } catch (err) {
    // A secret sealed with another credential key, or a hand-edited config: say which, not the content.
    return {
      ok: false,
      result: null,
      error: err instanceof Error ? err.message.split("\n")[0].slice(0, 200) : "sending failed",
    };
  }
}
