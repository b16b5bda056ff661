/**
 * The on-router revert timer (driver.ts armRevert/disarmRevert; docs/openwrt-uci.md §5). The router keeps the
 * config text of `before` in /tmp/rampart-revert.<pushId>/firewall and a detached watchdog that, unless
 * disarmed within `seconds`, drops staged changes, `uci import`s the copy and reloads fw4. It runs on the router
 * alone: Rampart dying or losing the router right after arming changes nothing.
 * The copy is `before`'s own `uci export` text, so the restore is exact at the uci level (the file is rewritten
 * in uci's layout, as every `uci commit` does; comments a hand-edited file had are gone, as after any push).
 */
import { DriverError, type LiveFirewall, type PendingRevert } from "../driver";
import { liveFirewallFromExport, uciExportOf } from "./live-firewall";
import { openWrtPlanner } from "./planner";
import type { SshConnection } from "./ssh-connection";
import { UCI_COMMANDS } from "./uci-commands";

const PUSH_ID = /^[a-z0-9]{1,64}$/;
export const MAX_REVERT_SECONDS = 86_400;

function checkPushId(pushId: string): void {
  if (!PUSH_ID.test(pushId))
    throw new DriverError("protocol", "a push id for the revert timer must be 1-64 lowercase letters or digits");
}

/** The text to restore: before's export, or (a state without it) the router's, if it still matches before. */
async function restoreText(conn: SshConnection, before: LiveFirewall): Promise<string> {
  const kept = uciExportOf(before);
  if (kept !== undefined) return kept;
  const r = await conn.exec(UCI_COMMANDS.exportCommitted);
  if (r.code !== 0)
    throw new DriverError("router-error", `uci export firewall failed: ${r.stderr.trim()}`, r.stderr.trim());
  if (openWrtPlanner.restorePlan(liveFirewallFromExport(r.stdout), before).ops.length > 0) {
    throw new DriverError(
      "router-error",
      "the router's firewall no longer matches the state to restore, and that state's full config text is unknown; not arming",
    );
  }
  return r.stdout;
}

export async function armRevertTimer(
  conn: SshConnection,
  before: LiveFirewall,
  opts: { pushId: string; seconds: number },
): Promise<void> {
  checkPushId(opts.pushId);
  if (!Number.isInteger(opts.seconds) || opts.seconds < 1 || opts.seconds > MAX_REVERT_SECONDS) {
    throw new DriverError(
      "protocol",
      `the revert delay must be a whole number of seconds from 1 to ${MAX_REVERT_SECONDS}`,
    );
  }
  const text = await restoreText(conn, before);
  const r = await conn.exec(UCI_COMMANDS.armRevert, `${opts.pushId} ${opts.seconds}\n${text}`);
  if (r.code !== 0 || r.stdout.trim() !== "armed") {
    const msg = r.stderr.trim() || `exit code ${r.code}`;
    throw new DriverError("router-error", `could not arm the revert timer: ${msg}`, msg);
  }
}

export async function disarmRevertTimer(conn: SshConnection, pushId: string): Promise<void> {
  checkPushId(pushId);
  const r = await conn.exec(UCI_COMMANDS.disarmRevert, `${pushId}\n`);
  if (r.code === 0 && r.stdout.trim() === "disarmed") return;
  const msg = r.stderr.trim() || `exit code ${r.code}`;
  throw new DriverError(
    "router-error",
    r.code === 4 ? `the revert timer was not armed any more: ${msg}` : `could not disarm the revert timer: ${msg}`,
    msg,
  );
}

/** Whether the timer armed for pushId is still pending (armed, not disarmed, not fired). */
export async function revertPending(conn: SshConnection, pushId: string): Promise<boolean> {
  checkPushId(pushId);
  const r = await conn.exec(UCI_COMMANDS.revertStatus, `${pushId}\n`);
  const said = r.stdout.trim();
  if (r.code !== 0 || (said !== "pending" && said !== "none")) {
    const msg = r.stderr.trim() || `exit code ${r.code}`;
    throw new DriverError("router-error", `could not read the revert timer's state: ${msg}`, msg);
  }
  return said === "pending";
}

/**
 * Every revert timer or restore copy of Rampart's on the router, whichever push left it (a lost reply, a failed
 * disarm, Rampart restarted): pending = its watchdog is alive and the copy is still there to restore.
 */
export async function listReverts(conn: SshConnection): Promise<PendingRevert[]> {
  const r = await conn.exec(UCI_COMMANDS.listReverts);
  const lines = r.stdout.split("\n").filter((l) => l !== "");
  if (r.code !== 0 || lines.at(-1) !== "end") {
    const msg = r.stderr.trim() || `exit code ${r.code}`;
    throw new DriverError("router-error", `could not list the revert timers: ${msg}`, msg);
  }
  return lines.slice(0, -1).flatMap((l) => {
    const m = /^([a-z0-9]{1,64}) ([01]) ([01]) (\d+|-)$/.exec(l);
    if (!m) return [];
    const timer = m[2] === "1";
    const pending = timer && m[3] === "1";
    const firesAt = pending && m[4] !== "-" ? new Date(Number(m[4]) * 1000).toISOString() : null;
    return [{ pushId: m[1], pending, timer, script: m[3] === "1", firesAt }];
  });
}

/** Stops pushId's watchdog (if alive) and removes its copy, whatever state they are in; returns what was there. */
export async function clearRevert(conn: SshConnection, pushId: string): Promise<PendingRevert | null> {
  checkPushId(pushId);
  const found = (await listReverts(conn)).find((r) => r.pushId === pushId) ?? null;
  if (!found) return null;
  const r = await conn.exec(UCI_COMMANDS.disarmRevert, `${pushId}\n`);
  // exit 4: gone meanwhile (it fired, or another Rampart removed it): nothing of it is left either way
  if (!(r.code === 0 && r.stdout.trim() === "disarmed") && r.code !== 4) {
    const msg = r.stderr.trim() || `exit code ${r.code}`;
    throw new DriverError("router-error", `could not remove the revert timer of push ${pushId}: ${msg}`, msg);
  }
  return found;
}
