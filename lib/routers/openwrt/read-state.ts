/** One round trip for everything a firewall read needs (uci-commands.ts READ_STATE). */
import { randomBytes } from "node:crypto";
import { DriverError } from "../driver";
import { liveFirewallFromExport, type OpenWrtLiveFirewall } from "./live-firewall";
import { parseNftTable } from "./running-firewall";
import type { SshConnection } from "./ssh-connection";
import { UCI_COMMANDS } from "./uci-commands";

/** Splits the script's output at its "<token> <rc>" lines; each part loses the newline the script added. */
export function splitParts(stdout: string, token: string): { text: string; code: number }[] {
  const parts: { text: string; code: number }[] = [];
  const marker = new RegExp(`\\n${token} (\\d+)\\n`, "g");
  let from = 0;
  for (let m = marker.exec(stdout); m; m = marker.exec(stdout)) {
    parts.push({ text: stdout.slice(from, m.index), code: Number(m[1]) });
    from = m.index + m[0].length;
  }
  return parts;
}

export async function readState(conn: SshConnection): Promise<OpenWrtLiveFirewall> {
  const token = randomBytes(16).toString("hex");
  const r = await conn.exec(UCI_COMMANDS.readState, `${token}\n`);
  const parts = splitParts(r.stdout, token);
  if (parts.length !== 3)
    throw new DriverError(
      "protocol",
      `reading the firewall state failed: ${r.stderr.trim() || `exit code ${r.code}`}`,
      r.stderr.trim() || undefined,
    );
  const [config, changes, nft] = parts;
  if (config.code !== 0)
    throw new DriverError("router-error", `uci export firewall failed: ${r.stderr.trim()}`, r.stderr.trim());
  const services = await conn.exec(UCI_COMMANDS.serviceFirewallData);
  const staged = changes.code === 0 ? changes.text.split("\n").filter((l) => l.trim() !== "") : [];
  // routers without the service data (or without ubus) simply have no dynamic rules to report
  return liveFirewallFromExport(config.text, services.code === 0 ? services.stdout : "{}", {
    running: parseNftTable(nft.text, nft.code === 0),
    staged,
  });
}
