import type { RouterTarget } from "@/lib/routers/driver";

export const PEER_USER = "admin";
export const PEER_PASSWORD = "bench-pw";

export function routerOsTarget(host: string, port: number, extra: Partial<RouterTarget> = {}): RouterTarget {
  return {
    vendor: "mikrotik",
    host,
    port,
    transport: "api",
    username: PEER_USER,
    password: PEER_PASSWORD,
    connectTimeoutMs: 10_000,
    commandTimeoutMs: 60_000,
    ...extra,
  };
}
