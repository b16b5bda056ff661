import { DriverError, type Driver, type DriverSession, type RouterTarget } from "../driver";
import { applyOps, DEFAULT_PIPELINE_WINDOW } from "./apply-ops";
import { identify } from "./identify";
import { mikrotikPlanner } from "./planner";
import { readFirewall } from "./read-firewall";
import { armRevert, clearRevert, disarmRevert, listReverts, revertPending } from "./revert-timer";
import { RosConnection, type RosTls } from "./routeros-client";
import { mikrotikProfile } from "./profile";

export interface MikrotikDriverOptions {
  /** Sentences in flight during apply() (1 = strictly one at a time). */
  pipelineWindow?: number;
}

const DEFAULT_CONNECT_MS = 10_000;
const DEFAULT_COMMAND_MS = 15_000;

export function createMikrotikDriver(options: MikrotikDriverOptions = {}): Driver {
  const window = options.pipelineWindow ?? DEFAULT_PIPELINE_WINDOW;
  return {
    vendor: "mikrotik",
    profile: mikrotikProfile,
    planner: mikrotikPlanner,
    async connect(target: RouterTarget): Promise<DriverSession> {
      if (target.vendor !== "mikrotik") throw new Error(`mikrotik driver got a ${target.vendor} target`);
      if (target.transport !== "api" && target.transport !== "api-ssl") {
        throw new DriverError("protocol", `RouterOS is reached over api or api-ssl, not ${target.transport}`);
      }
      if (target.password === undefined)
        throw new DriverError("auth", "authentication failed: no password stored for this router");
      const conn = await RosConnection.open({
        host: target.host,
        port: target.port,
        user: target.username,
        password: target.password,
        tls: target.transport === "api-ssl" ? tlsMode(target.tls) : undefined,
        connectTimeoutMs: target.connectTimeoutMs ?? DEFAULT_CONNECT_MS,
        commandTimeoutMs: target.commandTimeoutMs ?? DEFAULT_COMMAND_MS,
      });
      return {
        identify: () => identify(conn),
        readFirewall: () => readFirewall(conn),
        apply: (ops, onProgress) => applyOps(conn, ops, window, onProgress),
        armRevert: (before, opts) => armRevert(conn, before, opts),
        disarmRevert: (pushId) => disarmRevert(conn, pushId),
        revertPending: (pushId) => revertPending(conn, pushId),
        listReverts: () => listReverts(conn),
        clearRevert: (pushId) => clearRevert(conn, pushId),
        localAddress: () => conn.localAddress,
        close: () => conn.close(),
      };
    },
  };
}

/** Anonymous DH only when asked for by name; otherwise a pin, a CA, or the system trust store. */
function tlsMode(tls: RouterTarget["tls"]): RosTls {
  if (tls?.anonymousDh) return { mode: "anonymous-dh" };
  if (tls?.fingerprint256) return { mode: "fingerprint", fingerprint256: tls.fingerprint256 };
  if (tls?.caPem) return { mode: "ca", caPem: tls.caPem };
  return { mode: "system-ca" };
}

export const mikrotikDriver: Driver = createMikrotikDriver();
