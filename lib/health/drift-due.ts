import { createHash } from "node:crypto";

/**
 * Whether this poll reads the firewall: always after a read that failed or a router that was not up (it may have
 * been reset), else once the router's share of the interval has passed since the last read. The share is 50-100 %
 * of the interval by router id, so a fleet pushed at once spreads its reads over later sweeps instead of reading
 * every router in the same one.
 */
export function driftDue(
  routerId: string,
  status: { driftState: string; driftCheckedAt: Date | null; state: string },
  everyMs: number | undefined,
  now: number,
): boolean {
  if (everyMs === undefined || !status.driftCheckedAt || status.driftState === "unreachable") return true;
  if (status.state !== "up" && status.state !== "degraded") return true;
  const share = 0.5 + 0.5 * (createHash("sha256").update(routerId).digest().readUInt16BE(0) / 0x10000);
  return now - status.driftCheckedAt.getTime() >= everyMs * share;
}
