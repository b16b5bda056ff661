import type { ConnectionTestResult } from "@/lib/inventory/test-connection";

export type HealthState = "up" | "degraded" | "down" | "auth-failed";

/** Above these a router answers but is struggling: shown as degraded, not down. */
export const DEGRADED_LATENCY_MS = 1000;
export const DEGRADED_CPU_PERCENT = 90;

export interface HealthObservation {
  state: HealthState;
  latencyMs: number | null;
  error: string | null;
}

export function classify(result: ConnectionTestResult): HealthObservation {
  if (result.ok) {
    const slow = result.latencyMs > DEGRADED_LATENCY_MS;
    const busy = (result.cpuLoadPercent ?? 0) >= DEGRADED_CPU_PERCENT;
    const error = slow
      ? `slow: answered in ${result.latencyMs} ms`
      : busy
        ? `CPU load ${result.cpuLoadPercent}%`
        : null;
    return { state: slow || busy ? "degraded" : "up", latencyMs: result.latencyMs, error };
  }
  if (result.kind === "auth") return { state: "auth-failed", latencyMs: null, error: plainError(result) };
  return { state: "down", latencyMs: null, error: plainError(result) };
}

function plainError(r: Extract<ConnectionTestResult, { ok: false }>): string {
  const lead: Record<string, string> = {
    refused: "Connection refused",
    timeout: "No answer",
    auth: "Authentication failed",
    "tls-mismatch": "TLS certificate does not match",
    "host-key-mismatch": "SSH host key changed",
    unreachable: "Unreachable",
    closed: "Connection dropped",
    "router-error": "Router error",
    protocol: "Protocol error",
    internal: "Unexpected error",
  };
  return `${lead[r.kind] ?? "Failed"}: ${r.message}`;
}
