import { createHmac } from "node:crypto";
import { absoluteLink, type AlertMessage } from "./payload";
import type { SendResult } from "./types";

export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * The JSON body carries the same `timestamp` as the X-Rampart-Timestamp header, and the signature covers the raw
 * body: a receiver that checks the signature and refuses old timestamps cannot be fed a replayed request.
 */
export function webhookBody(m: AlertMessage, now = new Date()): string {
  return JSON.stringify({
    id: m.id,
    type: m.type,
    test: m.test,
    summary: m.summary,
    router: m.router,
    at: m.at.toISOString(),
    link: m.link ? absoluteLink(m.link) : null,
    timestamp: Math.floor(now.getTime() / 1000),
  });
}

export function signature(secret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`;
}

export async function sendWebhook(url: string, secret: string, m: AlertMessage): Promise<SendResult> {
  const now = new Date();
  const body = webhookBody(m, now);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Rampart-Alerts",
        "x-rampart-event": m.type,
        "x-rampart-delivery": m.id,
        "x-rampart-timestamp": String(Math.floor(now.getTime() / 1000)),
        "x-rampart-signature": signature(secret, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => {});
    const result = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
    return res.status >= 200 && res.status < 300
      ? { ok: true, result, error: null }
      : { ok: false, result, error: `the receiver answered ${result}` };
  } catch (err) {
    return { ok: false, result: null, error: fetchError(err) };
  }
}

/** Why the request did not get an answer, in words; never the URL's query (it can hold a token). */
function fetchError(err: unknown): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"))
    return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  if (cause?.code === "ENOTFOUND") return "host name not found";
  if (cause?.code) return `connection failed (${cause.code})`;
  return "connection failed";
}
