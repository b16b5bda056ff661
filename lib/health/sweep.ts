import { db } from "@/lib/db/client";
import { checkDrift, markUnreachable } from "@/lib/drift/check-drift";
import { loadRouterTarget, pinHostKey } from "@/lib/inventory/routers";
import { DriverError } from "@/lib/routers/driver";
import { pinsHostKey } from "@/lib/routers/profiles";
import { testRouterConnection, type ConnectionTestResult } from "@/lib/inventory/test-connection";
import { mapBounded, withDeadline } from "./bounded-map";
import { classify, type HealthObservation } from "./classify";

export interface SweepOptions {
  concurrency: number;
  timeoutMs: number;
}

export const defaultSweepOptions: SweepOptions = { concurrency: 32, timeoutMs: 5000 };

/** Polls one router and records the sample and its latest status. */
export async function pollRouter(routerId: string, opts: SweepOptions = defaultSweepOptions): Promise<HealthObservation> {
  const target = await loadRouterTarget(routerId, { connectTimeoutMs: opts.timeoutMs, commandTimeoutMs: opts.timeoutMs });
  if (!target) return { state: "down", latencyMs: null, error: "No credential stored" };
  const timedOut = (): ConnectionTestResult => ({ ok: false, kind: "timeout", latencyMs: opts.timeoutMs, message: `no answer within ${opts.timeoutMs / 1000} s` });
  // A pushed router is also compared with its last pushed revision, on the poll's own session (lib/drift).
  const pushed = (await db.routerStatus.findUnique({ where: { routerId }, select: { lastPushedRevisionId: true } }))?.lastPushedRevisionId;
  const withSession = pushed ? (s: import("@/lib/routers/driver").DriverSession) => driftOnPoll(routerId, s) : undefined;
  // The driver enforces its own timeouts; this hard deadline is the guarantee that nothing hangs a sweep.
  const result = await withDeadline(testRouterConnection(target, { withSession }), opts.timeoutMs * (pushed ? 2 : 1) + 1000, timedOut);
  const obs = classify(result);
  if (!result.ok && pushed) await markUnreachable(routerId, obs.error ?? result.message);
  if (result.ok && result.fingerprint && pinsHostKey(target.vendor) && !target.hostKeyFingerprint) await pinHostKey(routerId, result.fingerprint);
  const now = new Date();
  const identity = result.ok
    ? { version: result.version, model: result.model, uptimeSeconds: result.uptimeSeconds ?? null, cpuLoad: result.cpuLoadPercent ?? null, lastSeenAt: now }
    : {};
  await db.$transaction([
    db.healthSample.create({ data: { routerId, at: now, state: obs.state, latencyMs: obs.latencyMs, cpuLoad: result.ok ? result.cpuLoadPercent : null, error: obs.error } }),
    db.routerStatus.upsert({
      where: { routerId },
      create: { routerId, state: obs.state, latencyMs: obs.latencyMs, lastError: obs.error, checkedAt: now, ...identity },
      update: { state: obs.state, latencyMs: obs.latencyMs, lastError: obs.error, checkedAt: now, ...identity },
    }),
  ]);
  return obs;
}

export async function sweepAll(opts: SweepOptions = defaultSweepOptions): Promise<{ routers: number; durationMs: number }> {
  const started = performance.now();
  const routers = await db.router.findMany({ select: { id: true } });
  await mapBounded(routers, opts.concurrency, (r) =>
    pollRouter(r.id, opts).catch((err) => {
      // A router deleted mid-sweep is fine; anything else is logged without details that could hold secrets.
      console.error(`[health] poll of ${r.id} failed: ${errorKind(err)}`);
    }),
  );
  return { routers: routers.length, durationMs: Math.round(performance.now() - started) };
}

async function driftOnPoll(routerId: string, session: import("@/lib/routers/driver").DriverSession): Promise<void> {
  await checkDrift(routerId, session).catch((err) => {
    console.error(`[health] drift check of ${routerId} failed: ${errorKind(err)}`);
  });
}

/** What went wrong without the message (which could quote router output): the error class and driver kind. */
function errorKind(err: unknown): string {
  if (err instanceof DriverError) return `${err.name} (${err.kind})`;
  return err instanceof Error ? err.name : "error";
}
