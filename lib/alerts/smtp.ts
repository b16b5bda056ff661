import nodemailer from "nodemailer";
import { subjectOf, textOf, type AlertMessage } from "./payload";
import type { SendResult } from "./types";
import type { z } from "zod";
import type { smtpConfigSchema } from "./types";

export const SMTP_TIMEOUT_MS = 15_000;

/** One message over SMTP; the result is the server's reply to the message (e.g. "250 2.0.0 OK queued"). */
export async function sendMail(
  config: z.infer<typeof smtpConfigSchema>,
  password: string | null,
  m: AlertMessage,
): Promise<SendResult> {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === "tls",
    requireTLS: config.security === "starttls",
    ignoreTLS: config.security === "none",
    auth: config.username ? { user: config.username, pass: password ?? "" } : undefined,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    logger: false,
  });
  try {
    const info = await transport.sendMail({
      from: config.from,
      to: config.to,
      subject: subjectOf(m),
      text: textOf(m),
      headers: { "X-Rampart-Event": m.type },
    });
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length > 0)
      return { ok: false, result: info.response ?? null, error: `refused for ${rejected.join(", ")}` };
    return { ok: true, result: info.response ?? "accepted", error: null };
  } catch (err) {
    const e = err as { response?: string; code?: string; message?: string; command?: string };
    // The server's reply says why (e.g. "535 5.7.8 Authentication failed"); nodemailer's message never holds the password.
    // A refused STARTTLS is named: "500 command not recognized" alone would not say that TLS was required.
    return {
      ok: false,
      result: e.response ?? null,
      error:
        e.command === "STARTTLS"
          ? `the server did not start TLS (it answered STARTTLS with ${e.response ?? "nothing"}): nothing was sent`
          : e.response
            ? `the server answered ${e.response}`
            : `${e.code ?? "error"}: ${e.message ?? "sending failed"}`,
    };
  } finally {
    transport.close();
  }
}
