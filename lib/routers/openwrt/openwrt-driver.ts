/** The OpenWrt driver: SSH exec to uci and fw4 (docs/openwrt-uci.md). */
import { DriverError, type Driver, type DriverSession, type RouterTarget } from "../driver";
import { applyOps, restoreCommitted } from "./apply-ops";
import { identifyRouter } from "./identify";
import { openWrtPlanner } from "./planner";
import { readState } from "./read-state";
import { armRevertTimer, clearRevert, disarmRevertTimer, listReverts, revertPending } from "./revert-timer";
import { SshConnection } from "./ssh-connection";
import { UCI_COMMANDS } from "./uci-commands";
import { openWrtProfile } from "./profile";

async function connect(target: RouterTarget): Promise<DriverSession> {
  const conn = await SshConnection.connect(target);

  // after a dropped connection neither the staged half of a push nor a committed but unloaded config may stay
  const restoreAfterDrop = async (configText: string) => {
    const fresh = await SshConnection.connect({
      ...target,
      hostKeyFingerprint: conn.fingerprint,
      connectTimeoutMs: 5000,
    });
    try {
      await restoreCommitted(fresh, configText);
    } finally {
      await fresh.close();
    }
  };

  return {
    identify: () => identifyRouter(conn),
    readFirewall: () => readState(conn),
    apply: (ops, onProgress) => applyOps(conn, ops, onProgress, restoreAfterDrop),
    armRevert: (before, opts) => armRevertTimer(conn, before, opts),
    disarmRevert: (pushId) => disarmRevertTimer(conn, pushId),
    revertPending: (pushId) => revertPending(conn, pushId),
    listReverts: () => listReverts(conn),
    clearRevert: (pushId) => clearRevert(conn, pushId),
    async discardStaged() {
      const r = await conn.exec(UCI_COMMANDS.revertFirewall);
      if (r.code !== 0)
        throw new DriverError("router-error", `uci revert firewall failed: ${r.stderr.trim()}`, r.stderr.trim());
    },
    localAddress: () => conn.localAddress,
    close: () => conn.close(),
  };
}

export const openWrtDriver: Driver = { vendor: "openwrt", profile: openWrtProfile, connect, planner: openWrtPlanner };
