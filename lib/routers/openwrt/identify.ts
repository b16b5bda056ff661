/**
 * Router identity from `ubus call system board` (release and model, docs/openwrt-uci.md §6), falling back to
 * /etc/openwrt_release + /tmp/sysinfo/model, and uptime/load from /proc.
 */
import { z } from "zod";
import type { RouterIdentity } from "../driver";
import type { SshConnection } from "./ssh-connection";
import { UCI_COMMANDS } from "./uci-commands";

const boardSchema = z.object({
  model: z.string().optional(),
  hostname: z.string().optional(),
  release: z.object({ version: z.string(), revision: z.string().optional() }).partial().optional(),
});

export function parseBoard(json: string): { version: string; model: string; name?: string } | null {
  try {
    const b = boardSchema.safeParse(JSON.parse(json));
    if (!b.success || !b.data.release?.version) return null;
    const { version, revision } = b.data.release;
    // snapshots all say SNAPSHOT: only the revision tells them apart
    return {
      version: version === "SNAPSHOT" && revision ? `${version} ${revision}` : version,
      model: b.data.model ?? "unknown",
      name: b.data.hostname,
    };
  } catch {
    return null;
  }
}

/** `/etc/openwrt_release` (shell assignments) followed by the model line of /tmp/sysinfo/model. */
export function parseReleaseFiles(text: string): { version: string; model: string } {
  const vars = new Map<string, string>();
  const rest: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^(DISTRIB_[A-Z_]+)=['"]?(.*?)['"]?$/.exec(line.trim());
    if (m) vars.set(m[1], m[2]);
    else if (line.trim()) rest.push(line.trim());
  }
  const release = vars.get("DISTRIB_RELEASE");
  const version = release === "SNAPSHOT" ? [release, vars.get("DISTRIB_REVISION")].filter(Boolean).join(" ") : release;
  return { version: version || "unknown", model: rest[0] ?? "unknown" };
}

/** `/proc/uptime`, `/proc/loadavg`, then the CPU count: load is reported as percent of all CPUs. */
export function parseProcStats(text: string): { uptimeSeconds: number | null; cpuLoadPercent: number | null } {
  const lines = text.trim().split("\n");
  const uptime = Number(lines[0]?.split(" ")[0]);
  const load1 = Number(lines[1]?.split(" ")[0]);
  const cpus = Number(lines[2]) || 1;
  return {
    uptimeSeconds: Number.isFinite(uptime) ? Math.floor(uptime) : null,
    cpuLoadPercent: Number.isFinite(load1) ? Math.min(100, Math.round((load1 / cpus) * 100)) : null,
  };
}

export async function identifyRouter(conn: SshConnection): Promise<RouterIdentity> {
  const board = await conn.exec(UCI_COMMANDS.board);
  let release = board.code === 0 ? parseBoard(board.stdout) : null;
  if (!release) release = parseReleaseFiles((await conn.exec(UCI_COMMANDS.releaseFiles)).stdout);
  const stats = parseProcStats((await conn.exec(UCI_COMMANDS.procStats)).stdout);
  return { ...release, ...stats, fingerprint: conn.fingerprint };
}
