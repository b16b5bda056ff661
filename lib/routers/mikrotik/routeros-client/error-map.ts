import { DriverError } from "../../driver";

/**
 * Turns socket, TLS and node-routeros failures into DriverError kinds. node-routeros loses most detail
 * (RST and refusal arrive as errno -104/-111 with an empty message, docs/routeros-api-protocol.md §8.4), so the raw socket error is used
 * when we saw one.
 */
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|HANDSHAKE|ALTNAME|CIPHER/i;

export function mapSocketError(err: unknown, where: string): DriverError {
  const code = errorCode(err);
  if (code === "ECONNREFUSED" || code === "-111") return new DriverError("refused", `connection refused by ${where}`);
  if (code === "ECONNRESET" || code === "-104" || code === "EPIPE")
    return new DriverError("closed", `connection reset by ${where}`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new DriverError("unreachable", `host of ${where} not found`);
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ETIMEDOUT" || code === "EADDRNOTAVAIL") {
    return new DriverError("unreachable", `${where} is unreachable (${code})`);
  }
  if (code && TLS_CODE.test(code)) return new DriverError("tls-mismatch", `TLS check of ${where} failed (${code})`);
  return new DriverError("closed", `connection to ${where} failed${code ? ` (${code})` : ""}`);
}

export function errorCode(err: unknown): string | undefined {
  if (!err || typeof err !== "object") return undefined;
  const e = err as { code?: unknown; errno?: unknown };
  if (typeof e.code === "string") return e.code;
  if (typeof e.errno === "string" || typeof e.errno === "number") return String(e.errno);
  return undefined;
}

export function timeoutError(ms: number, what: string): DriverError {
  return new DriverError("timeout", `${what} timed out after ${formatSeconds(ms)} s`);
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

/** Belt and braces: a credential never survives into an error text, whatever produced it. */
export function redact(err: DriverError, secret: string | undefined): DriverError {
  if (!secret || (!err.message.includes(secret) && !err.routerMessage?.includes(secret))) return err;
  const scrub = (t: string) => t.split(secret).join("***");
  return new DriverError(err.kind, scrub(err.message), err.routerMessage && scrub(err.routerMessage), err.opIndex);
}
