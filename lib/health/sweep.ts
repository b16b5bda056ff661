import { db } from "@/lib/db/client";
import { checkDrift, markUnreachable, type DriftRead } from "@/lib/drift/check-drift";
import { recordHitsOfRead } from "@/lib/hits/record-hits";
import { loadRouterTarget, pinHostKey } from "@/lib/inventory/routers";
import { DriverError } from "@/lib/routers/driver";
import { pinsHostKey } from "@/lib/routers/profiles";
import { testRouterConnection, type ConnectionTestResult } from "@/lib/inventory/test-connection";
import { mapBounded, withDeadline } from "./bounded-map";
import { parseSpark } from "./spark";
import { driftDue } from "./drift-due";
import { classify, DEGRADED_LATENCY_MS, type HealthObservation } from "./classify";
import { healthAlerts } from "./alerts";
import { asPrisma, executeIn } from "@/lib/alerts/record";
import { kickAlerts } from "@/lib/alerts/dispatcher";

export interface SweepOptions {
  /** Polls working at once (the setting); a router that has not answered within RELEASE_AFTER_MS stops counting. */
  concurrency: number;
  timeoutMs: number;
  /** A pushed router's firewall is compared on a poll at least this long after its last read; unset: every poll. */
  driftEveryMs?: number;
}

/**
 * A poll whose router has not answered the login after this long (the degraded line: a healthy router has) gives
 * its place to the next router and waits out its timeout aside. With a fixed number of places, 1,000 hung routers
 * at 5 s held 32 places for 156 s. The wait grows to 3× the sweep's recent median login time when that is longer:
 * on a loaded machine answering routers answer late, and releasing them would start ever more logins at once.
 */
export const RELEASE_AFTER_MS = 1000;

/** How long a poll keeps its place waiting for the login: 1 s, or 3× the median of the last 64 logins, at most the timeout. */
export function releaseAfter(recentLoginMs: readonly number[], timeoutMs: number): number {
  if (recentLoginMs.length === 0) return RELEASE_AFTER_MS;
  const median = [...recentLoginMs].sort((a, b) => a - b)[Math.floor(recentLoginMs.length / 2)];
  return Math.min(timeoutMs, Math.max(RELEASE_AFTER_MS, 3 * median));
}
/** Sockets open at once stay under this, whatever the fleet (each poll holds one). */
export const MAX_POLLS_IN_FLIGHT = 1024;

export const defaultSweepOptions: SweepOptions = { concurrency: 32, timeoutMs: 5000 };

/** Points of the health list's sparkline kept on RouterStatus: the last hour at the default 30 s interval. */
export const SPARK_POINTS = 120;

/** Polls one router and records the sample and its latest status. */
export async function pollRouter(
  routerId: string,
  opts: SweepOptions = defaultSweepOptions,
  onConnected?: () => void,
): Promise<HealthObservation> {
  const target = await loadRouterTarget(routerId, {
    connectTimeoutMs: opts.timeoutMs,
    commandTimeoutMs: opts.timeoutMs,
  });
  if (!target) return { state: "down", latencyMs: null, error: "No credential stored" };
  const timedOut = (): ConnectionTestResult => ({
    ok: false,
    kind: "timeout",
    latencyMs: opts.timeoutMs,
    message: `no answer within ${opts.timeoutMs / 1000} s`,
  });
  const status = await db.routerStatus.findUnique({
    where: { routerId },
    select: {
      lastPushedRevisionId: true,
      recentLatency: true,
      state: true,
      lastError: true,
      stateSince: true,
      driftState: true,
      driftCheckedAt: true,
    },
  });
  // A pushed router is also compared with its last pushed revision when that is due, on the poll's own session
  // (lib/drift), and that read's counters are recorded as the rules' hits (lib/hits).
  const pushed = status?.lastPushedRevisionId;
  const compare = !!pushed && driftDue(routerId, status, opts.driftEveryMs, Date.now());
  const withSession = compare
    ? (s: import("@/lib/routers/driver").DriverSession) => driftOnPoll(routerId, s)
    : undefined;
  // The driver enforces its own timeouts; this hard deadline is the guarantee that nothing hangs a sweep.
  const result = await withDeadline(
    testRouterConnection(target, { withSession, wireLatencyConfirmAboveMs: DEGRADED_LATENCY_MS, onConnected }),
    opts.timeoutMs * (compare ? 2 : 1) + 1000,
    timedOut,
  );
  const obs = classify(result);
  if (!result.ok && pushed) await markUnreachable(routerId, obs.error ?? result.message);
  if (result.ok && result.fingerprint && pinsHostKey(target.vendor) && !target.hostKeyFingerprint)
    await pinHostKey(routerId, result.fingerprint);
  const now = new Date();
  const identity = result.ok
    ? {
        version: result.version,
        model: result.model,
        uptimeSeconds: result.uptimeSeconds ?? null,
        cpuLoad: result.cpuLoadPercent ?? null,
        lastSeenAt: now,
      }
    : {};
  const recentLatency = JSON.stringify([...parseSpark(status?.recentLatency), obs.latencyMs].slice(-SPARK_POINTS));
  // Recorded with the state change itself, so a crash loses neither (lib/alerts/record).
  const alerts = await healthAlerts(routerId, status, obs, result, now);
  // A state change is written with the status it changes, so "down since" and uptime never disagree with the state.
  // A status from before changes were recorded has no stateSince: what came before is unknown, and says so.
  const known = status?.stateSince ? status.state : "unknown";
  const sample = {
    routerId,
    at: now,
    state: obs.state,
    latencyMs: obs.latencyMs,
    cpuLoad: result.ok ? result.cpuLoadPercent : null,
    error: obs.error,
  };
  const latest = {
    state: obs.state,
    latencyMs: obs.latencyMs,
    lastError: obs.error,
    checkedAt: now,
    recentLatency,
    ...identity,
  };
  const statusRow = (c: Pick<typeof db, "routerStatus">, stateSince: Date | undefined) =>
    c.routerStatus.upsert({
      where: { routerId },
      create: { routerId, ...latest, stateSince: now },
      update: { ...latest, stateSince },
    });
  let raised = alerts.length;
  if (known === obs.state) {
    await db.$transaction([...asPrisma(alerts), db.healthSample.create({ data: sample }), statusRow(db, undefined)]);
  } else {
    raised = await db.$transaction(async (tx) => {
      // Another poll of this router (the sweep and "Check now") may have recorded this change since the status
      // was read: the status row is claimed with the state it was read with, so the change, its row and its
      // alerts are written once, by the first poll to get here.
      const claimed =
        !status ||
        (
          await tx.routerStatus.updateMany({
            where: { routerId, state: status.state, stateSince: status.stateSince },
            data: { stateSince: now },
          })
        ).count === 1;
      if (claimed) {
        await executeIn(tx, alerts);
        await tx.routerStateChange.create({
          data: { routerId, at: now, fromState: known, toState: obs.state, error: obs.error },
        });
      }
      await tx.healthSample.create({ data: sample });
      await statusRow(tx, claimed ? now : undefined);
      return claimed ? alerts.length : 0;
    });
  }
  if (raised > 0) kickAlerts();
  return obs;
}

export async function sweepAll(
  opts: SweepOptions = defaultSweepOptions,
): Promise<{ routers: number; durationMs: number; concurrency: number }> {
  const started = performance.now();
  const routers = await db.router.findMany({ select: { id: true } });
  const concurrency = opts.concurrency;
  const logins: number[] = [];
  await mapBounded(
    routers,
    concurrency,
    (r, place) => {
      const t = performance.now();
      // A router that answered keeps its place: the rest of its poll is our own work, which the places bound.
      const answered = () => {
        place.keep();
        logins.push(performance.now() - t);
        if (logins.length > 64) logins.shift();
      };
      return pollRouter(r.id, opts, answered).catch((err) => {
        // A router deleted mid-sweep is fine; anything else is logged without details that could hold secrets.
        console.error(`[health] poll of ${r.id} failed: ${errorKind(err)}`);
      });
    },
    { releaseAfterMs: () => releaseAfter(logins, opts.timeoutMs), maxInFlight: MAX_POLLS_IN_FLIGHT },
  );
  return { routers: routers.length, durationMs: Math.round(performance.now() - started), concurrency };
}

async function driftOnPoll(routerId: string, session: import("@/lib/routers/driver").DriverSession): Promise<void> {
  // The firewall the drift check read carries the rules' counters: they are recorded as hits from the same read
  // (docs/rule-hits.md §3), so "unused" does not wait for someone to open the router.
  const recordRead = (read: DriftRead) =>
    recordHitsOfRead(routerId, read).then(
      () => undefined,
      (err) => console.error(`[health] hits of ${routerId} not recorded: ${errorKind(err)}`),
    );
  await checkDrift(routerId, session, undefined, recordRead).catch((err) => {
    console.error(`[health] drift check of ${routerId} failed: ${errorKind(err)}`);
  });
}

/** What went wrong without the message (which could quote router output): the error class and driver kind. */
function errorKind(err: unknown): string {
  if (err instanceof DriverError) return `${err.name} (${err.kind})`;
  return err instanceof Error ? err.name : "error";
}
