import type { DesiredFirewall, DriverSession, FirewallPlanner, LiveFirewall, Placement } from "@/lib/routers/driver";
import type { DeploymentLog } from "./deployment-log";
import { closeQuietly, connect, describeError, PushStepError, type PushRouter } from "./router-session";
import type { DeploymentStatus } from "./schemas";

/** Between attempts to reach the router again, and how long past the timer's deadline its restore may take. */
const RETRY_MS = 2_000;
const TIMER_GRACE_MS = 10_000;

export interface SettleInput {
  router: PushRouter;
  log: DeploymentLog;
  deploymentId: string;
  before: LiveFirewall;
  desired: DesiredFirewall;
  placement?: Placement;
  /** Where the error happened: "confirm" = read-back matched, the disarm's reply never came. */
  phase: "apply" | "verify" | "confirm";
  /** When the revert timer was armed (ms since epoch) and for how long; null: no timer (admin override). */
  timer: { armedAt: number; seconds: number } | null;
  beforeAttempt?: () => Promise<void>;
}

export type Settled = { status: DeploymentStatus; outcome: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const restoreLeft = (planner: FirewallPlanner, current: LiveFirewall, before: LiveFirewall) => planner.restorePlan(current, before).ops.length;

/**
 * After any error past apply the record must say what the router holds, not what Rampart hoped. Over a new
 * connection each attempt establishes whether the revert timer is still pending (drivers that can tell) and
 * what is live, then: a lost disarm reply with the new rules live and verified is "done"; otherwise the previous
 * firewall is put back and read back ("rolled back"). Attempts repeat until the timer's deadline; past it, the
 * router is read once more to see whether the timer restored it. Anything not read is "unknown", with what is known.
 */
export async function settleAfterError(x: SettleInput): Promise<Settled> {
  const planner = x.router.planner;
  const deadline = x.timer ? x.timer.armedAt + x.timer.seconds * 1000 : Date.now();
  let lastError = "";
  let timerPending: boolean | null = x.timer ? null : false;
  // only a driver that can say whether its timer is pending is retried; others get one attempt, as before
  const retries = x.router.driver.reportsRevertTimer === true;
  for (let attempt = 1; ; attempt++) {
    let s: DriverSession | null = null;
    try {
      await x.beforeAttempt?.();
      s = await connect(x.router);
      if (x.timer && s.revertPending) timerPending = await s.revertPending(x.deploymentId);
      const current = await s.readFirewall();
      if (x.phase === "confirm" && planner.compare(current, x.desired, { placement: x.placement }).length === 0) {
        if (timerPending) await s.disarmRevert!(x.deploymentId);
        const how = timerPending ? "the revert timer was still armed and is now disarmed" : "the disarm had gone through (no timer is pending)";
        return { status: "done", outcome: `the disarm's reply was lost; over a new connection the router holds exactly the new rules and ${how}` };
      }
      const restore = planner.restorePlan(current, x.before);
      if (restore.ops.length > 0) await s.apply(restore.ops);
      const left = restoreLeft(planner, await s.readFirewall(), x.before);
      if (left > 0) throw new PushStepError(`after the rollback ${left} difference${left === 1 ? "" : "s"} to the previous firewall remain`);
      let timerNote = "";
      if (x.timer && timerPending !== false) {
        try {
          await s.disarmRevert?.(x.deploymentId);
        } catch {
          timerNote = "; the revert timer could not be disarmed and will re-apply the same previous firewall when it fires";
        }
      }
      const outcome = `rolled back${attempt > 1 ? ` (attempt ${attempt})` : ""}: ${restore.ops.length} operation${restore.ops.length === 1 ? "" : "s"} restored the previous firewall, and a read-back confirms it matches the state before the push${timerNote}`;
      return { status: "rolled-back", outcome };
    } catch (err) {
      lastError = describeError(err).message;
    } finally {
      await closeQuietly(s);
    }
    if (!retries || Date.now() + RETRY_MS >= deadline) break;
    await x.log.step("rollback", `attempt ${attempt} failed (${lastError}); trying again until the revert timer's deadline`, "warn");
    await sleep(RETRY_MS);
  }
  return afterDeadline(x, lastError, timerPending, deadline, retries);
}

/** Rampart could not put the router back itself: what did the timer do? Read once it must have fired. */
async function afterDeadline(x: SettleInput, lastError: string, timerPending: boolean | null, deadline: number, canRetry: boolean): Promise<Settled> {
  if (!x.timer) {
    return { status: "failed-unknown", outcome: `immediate rollback failed (${lastError}) and no revert timer was armed (admin override): what the router holds is unknown; check it now` };
  }
  if (!canRetry) {
    // a driver that cannot report its timer: the timer is the fallback, as armed
    return { status: "failed", outcome: `immediate rollback failed (${lastError}); the router's revert timer restores the previous firewall within ${x.timer.seconds} s of arming — check the router afterwards` };
  }
  const timerSaid = timerPending === null ? "whether its revert timer is still pending is unknown" : timerPending ? "its revert timer was still pending at the last contact" : "no revert timer was pending at the last contact";
  await x.log.step("rollback", `could not roll back before the revert timer's deadline (${lastError}); ${timerSaid}; reading the router once the timer has fired`, "warn");
  const until = deadline + TIMER_GRACE_MS;
  await sleep(deadline + 1000 - Date.now());
  for (;;) {
    let s: DriverSession | null = null;
    try {
      s = await connect(x.router);
      const pending = s.revertPending ? await s.revertPending(x.deploymentId) : null;
      const current = await s.readFirewall();
      const left = restoreLeft(x.router.planner, current, x.before);
      if (left === 0 && !pending) return { status: "rolled-back", outcome: `rolled back by the router's revert timer: a read-back after its deadline confirms the state before the push (Rampart's own rollback failed: ${lastError})` };
      if (pending === false && x.router.planner.compare(current, x.desired, { placement: x.placement }).length === 0) {
        return { status: "done", outcome: `the router holds exactly the new rules and no revert timer is pending (its disarm went through before the connection was lost: ${lastError})` };
      }
      lastError = `the router holds neither the previous firewall nor the new rules (${left} difference${left === 1 ? "" : "s"} to the previous one)${pending ? " and the revert timer is still pending" : ""}`;
    } catch (err) {
      lastError = describeError(err).message;
    } finally {
      await closeQuietly(s);
    }
    if (Date.now() + RETRY_MS >= until) break;
    await sleep(RETRY_MS);
  }
  return { status: "failed-unknown", outcome: `what the router holds is unknown: ${lastError}; ${timerSaid}. Check the router` };
}
