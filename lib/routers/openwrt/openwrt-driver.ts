/** The OpenWrt driver: SSH exec to uci and fw4 (openwrt-uci-fw4.md). */
import { DriverError, type Driver, type DriverSession, type RouterTarget } from "../driver";
import { applyOps } from "./apply-ops";
import { identifyRouter } from "./identify";
import { liveFirewallFromExport } from "./live-firewall";
import { openWrtPlanner } from "./planner";
import { armRevertTimer, disarmRevertTimer } from "./revert-timer";
import { SshConnection } from "./ssh-connection";
import { UCI_COMMANDS } from "./uci-commands";

async function connect(target: RouterTarget): Promise<DriverSession> {
  const conn = await SshConnection.connect(target);

  // after a dropped connection the staged half of a push must not stay in /tmp/.uci
  const revertAfterDrop = async () => {
    const fresh = await SshConnection.connect({ ...target, hostKeyFingerprint: conn.fingerprint, connectTimeoutMs: 5000 });
    try {
      await fresh.exec(UCI_COMMANDS.revertFirewall);
    } finally {
      await fresh.close();
    }
  };

  return {
    identify: () => identifyRouter(conn),
    async readFirewall() {
      const r = await conn.exec(UCI_COMMANDS.exportFirewall);
      if (r.code !== 0) throw new DriverError("router-error", `uci export firewall failed: ${r.stderr.trim()}`, r.stderr.trim());
      const services = await conn.exec(UCI_COMMANDS.serviceFirewallData);
      // routers without the service data (or without ubus) simply have no dynamic rules to report
      return liveFirewallFromExport(r.stdout, services.code === 0 ? services.stdout : "{}");
    },
    apply: (ops, onProgress) => applyOps(conn, ops, onProgress, revertAfterDrop),
    armRevert: (before, opts) => armRevertTimer(conn, before, opts),
    disarmRevert: (pushId) => disarmRevertTimer(conn, pushId),
    localAddress: () => conn.localAddress,
    close: () => conn.close(),
  };
}

export const openWrtDriver: Driver = { vendor: "openwrt", connect, planner: openWrtPlanner };
