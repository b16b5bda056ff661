import { DriverError, type DriverSession, type RouterTarget } from "@/lib/routers/driver";
import { getDriver } from "@/lib/routers/registry";

export type ConnectionTestResult =
  | {
      ok: true;
      latencyMs: number;
      version: string;
      model: string;
      uptimeSeconds: number | null;
      cpuLoadPercent: number | null;
      fingerprint?: string;
      message: string;
    }
  | { ok: false; kind: DriverError["kind"] | "internal"; latencyMs: number; message: string; routerMessage?: string };

/**
 * Connects, identifies and closes. Always settles within the target's timeouts; never includes a secret.
 * `withSession` runs on the same session after a good identify (the poller's drift check); its failure is its
 * own business and does not change the result.
 */
export async function testRouterConnection(
  target: RouterTarget,
  opts: {
    withSession?: (s: DriverSession) => Promise<void>;
    /**
     * The poller's latency: one identify request/reply on the open session (not connect, login or our own
     * work), asked again up to twice while it reads above this, keeping the quickest. A router that is slow
     * stays slow on every ask; one stall of this process's event loop (other polls' work) does not.
     */
    wireLatencyConfirmAboveMs?: number;
    /** Called once the router has answered the login (the poller: this router is not hung). */
    onConnected?: () => void;
  } = {},
): Promise<ConnectionTestResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const session = await getDriver(target.vendor).connect(target);
    opts.onConnected?.();
    try {
      const asked = performance.now();
      const id = await session.identify();
      let latencyMs = ms();
      if (opts.wireLatencyConfirmAboveMs !== undefined) {
        let wire = performance.now() - asked;
        for (let i = 0; i < 2 && wire > opts.wireLatencyConfirmAboveMs; i++) {
          const t = performance.now();
          await session.identify();
          wire = Math.min(wire, performance.now() - t);
        }
        latencyMs = Math.round(wire);
      }
      if (opts.withSession) await opts.withSession(session).catch(() => undefined);
      return {
        ok: true,
        latencyMs,
        version: id.version,
        model: id.model,
        uptimeSeconds: id.uptimeSeconds,
        cpuLoadPercent: id.cpuLoadPercent,
        fingerprint: id.fingerprint,
        message: `Connected in ${latencyMs} ms: ${id.model || "router"} running ${id.version}.`,
      };
    } finally {
      await session.close().catch(() => undefined);
    }
  } catch (err) {
    if (err instanceof DriverError)
      return { ok: false, kind: err.kind, latencyMs: ms(), message: err.message, routerMessage: err.routerMessage };
    return { ok: false, kind: "internal", latencyMs: ms(), message: "Unexpected error while connecting." };
  }
}
