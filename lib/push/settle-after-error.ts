import type { DesiredFirewall, DriverSession, LiveFirewall, Placement } from "@/lib/routers/driver";
import type { DeploymentLog } from "./deployment-log";
import { closeQuietly, connect, describeError, PushStepError, type PushRouter } from "./router-session";
import type { DeploymentStatus } from "./schemas";

/**
 * What a push does after an error once it may have changed the router (its timer armed or being armed, ops sent):
 * reconnect, read what is live and whether its timer is still pending, and bring the router to a state it can
 * name, retrying over fresh connections until the timer's deadline (a little past it, so the timer's own work
 * can be read back). The record then says exactly one of: confirmed, rolled back, nothing changed, or unknown
 * with what is known.
 */
export interface SettleContext {
  router: PushRouter;
  deploymentId: string;
  log: DeploymentLog;
  desired: DesiredFirewall;
  placement?: Placement;
  seconds: number;
  beforeAttempt?: () => Promise<void>;
}

/** Past the timer's deadline by this much the timer has run if it was going to: one last read says what it did. */
const GRACE_MS = 5_000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 4_000;

export function retryDeadline(armedAt: number, seconds: number): number {
  return armedAt + seconds * 1000 + GRACE_MS;
}

type Attempt<T> = { ok: true; value: T; attempts: number } | { ok: false; error: string; attempts: number };

async function retryUntil<T>(deadline: number, attempt: () => Promise<T>): Promise<Attempt<T>> {
  let delay = FIRST_RETRY_MS;
  for (let n = 1; ; n++) {
    try {
      return { ok: true, value: await attempt(), attempts: n };
    } catch (err) {
      const error = describeError(err).message;
      if (Date.now() + delay >= deadline) return { ok: false, error, attempts: n };
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }
}

async function withSession<T>(c: SettleContext, fn: (s: DriverSession) => Promise<T>): Promise<T> {
  await c.beforeAttempt?.();
  const s = await connect(c.router);
  try {
    return await fn(s);
  } finally {
    await closeQuietly(s);
  }
}

/** Removes this push's timer and script and proves by reading the router that neither is left. */
async function removeOwnTimer(s: DriverSession, pushId: string): Promise<string> {
  const was = await s.clearRevert(pushId);
  if ((await s.listReverts()).some((r) => r.pushId === pushId))
    throw new PushStepError("this push's revert timer is still on the router after removing it");
  return was
    ? "; this push's revert timer and script are removed (read back: none left)"
    : "; no timer or script of this push is on the router (read back)";
}

export type Settled = { status: DeploymentStatus; outcome: string };

/**
 * The arm itself failed: the router may hold a timer and script the reply never confirmed (a lost reply).
 * Nothing was applied, so the firewall must be as `before`; that and "no timer left" are read, never assumed.
 */
export async function cleanUpFailedArm(c: SettleContext, before: LiveFirewall, deadline: number): Promise<Settled> {
  const r = await retryUntil(deadline, () =>
    withSession(c, async (s) => {
      const timer = await removeOwnTimer(s, c.deploymentId);
      const now = await s.readFirewall();
      if (now.stateHash === before.stateHash)
        return {
          status: "failed" as const,
          outcome: `nothing was changed: read back over a new connection, the firewall is exactly as before${timer}`,
        };
      if (c.router.planner.restorePlan(now, before).ops.length === 0) {
        return {
          status: "failed" as const,
          outcome: `nothing was changed by this push: read back over a new connection, Rampart's rules are exactly as before (other rows changed meanwhile, not by this push)${timer}`,
        };
      }
      return {
        status: "failed-unknown" as const,
        outcome: `this push sent no firewall change, but a read-back over a new connection shows Rampart's rules differ from what it read before arming${timer}; check the router`,
      };
    }),
  );
  if (r.ok) return r.value;
  return {
    status: "failed-unknown",
    outcome: `unknown: the router could not be read after the failed arm (${r.attempts} attempt${r.attempts === 1 ? "" : "s"}; last: ${r.error}). No firewall change was sent, but this push's revert timer may be armed on the router; it would restore the firewall as read before this push. The next push to this router finds and removes it before arming its own`,
  };
}

/**
 * Any error past arming: roll back (or, when the push had been verified and still holds, finish confirming it),
 * retried until the timer's deadline. `verified`: the read-back had matched the plan before the error.
 */
export async function settleAfterError(
  c: SettleContext,
  before: LiveFirewall,
  opts: { armed: boolean; verified: boolean; deadline: number },
): Promise<Settled> {
  const r = await retryUntil(opts.deadline, () =>
    withSession(c, async (s): Promise<Settled> => {
      const pending = opts.armed ? await s.revertPending(c.deploymentId) : null;
      const current = await s.readFirewall();
      if (opts.verified && c.router.planner.compare(current, c.desired, { placement: c.placement }).length === 0) {
        const timer = opts.armed ? await removeOwnTimer(s, c.deploymentId) : "";
        return {
          status: "done",
          outcome: `confirmed on a later attempt: a read-back over a new connection still shows exactly the new rules${timer}`,
        };
      }
      const timerRan = opts.armed && pending === false;
      const restore = c.router.planner.restorePlan(current, before);
      if (restore.ops.length > 0) await s.apply(restore.ops);
      const after = await s.readFirewall();
      const left = c.router.planner.restorePlan(after, before);
      if (left.ops.length > 0)
        throw new PushStepError(
          `after the rollback ${left.ops.length} difference${left.ops.length === 1 ? "" : "s"} to the previous firewall remain`,
        );
      const timer = opts.armed ? await removeOwnTimer(s, c.deploymentId) : "";
      const by =
        restore.ops.length > 0
          ? `${restore.ops.length} operation${restore.ops.length === 1 ? "" : "s"} restored the previous firewall`
          : timerRan
            ? "the router's own revert timer had already restored the previous firewall"
            : "the router already held the previous firewall (an earlier attempt had restored it)";
      return {
        status: "rolled-back",
        outcome: `rolled back: ${by}, and a read-back over a new connection confirms it matches the state before the push${timer}`,
      };
    }),
  );
  if (r.ok) return r.value;
  const timer = opts.armed
    ? "this push's revert timer was armed to restore the previous firewall by itself within the revert window, but whether it ran is unknown until the router is read"
    : "no revert timer was armed (admin override)";
  return {
    status: "failed-unknown",
    outcome: `unknown: the router could not be rolled back or read (${r.attempts} attempt${r.attempts === 1 ? "" : "s"} until ${new Date(opts.deadline).toISOString()}; last: ${r.error}); ${timer}. Check the router (preview shows its live state) before pushing again`,
  };
}
