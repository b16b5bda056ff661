import { db } from "@/lib/db/client";
import { pushAlertStatements } from "./push-alerts";
import type { DriverSession, LiveFirewall, PendingRevert } from "@/lib/routers/driver";
import "./batch";
import { cachedRevision, compiledForVendor } from "./compiled-revision";
import { DeploymentLog } from "./deployment-log";
import { loadDeploymentToRun } from "./deployment-to-run";
import { closeQuietly, connect, describeError, loadPushRouter, type PushRouter } from "./router-session";
import { outcomeLine, outcomeStatements, type Outcome } from "./run-deployment";
import { loadPlan } from "./plan-store";
import { RUNNING_STATUSES, storedPlacement } from "./schemas";

const g = globalThis as unknown as { rampartPushRecovered?: boolean };

const RESTARTED = "Rampart restarted during this push, so it never finished";

/**
 * At server start nothing can be running yet, so a deployment that says it is was cut off by a restart. Each is
 * first marked interrupted; then Rampart reconnects to its router and records what the router holds and whether
 * this push's revert timer is still pending, read from the router: confirmed (new rules, no timer), rolled back
 * (the timer ran: the last confirmed push's rules), or still unknown with what was seen. Recovery changes nothing
 * on the router; a timer still pending is named with its time, and the next push to that router removes it before
 * arming its own. Queued work of running batches is skipped (its previews may be stale by now); batches waiting
 * after a canary keep waiting.
 */
export async function recoverInterruptedPushes(opts: { force?: boolean } = {}): Promise<number> {
  if (g.rampartPushRecovered && !opts.force) return 0;
  g.rampartPushRecovered = true;
  const now = new Date();
  const cut = await db.deployment.findMany({ where: { status: { in: [...RUNNING_STATUSES] } }, select: { id: true } });
  await db.deployment.updateMany({
    where: { id: { in: cut.map((d) => d.id) } },
    data: { status: "failed-unknown", error: `${RESTARTED}; checking the router`, finishedAt: now },
  });
  const running = await db.pushBatch.findMany({ where: { state: "running" }, select: { id: true } });
  for (const b of running) {
    await db.deployment.updateMany({
      where: { batchId: b.id, status: "queued" },
      data: { status: "skipped", error: "not pushed: Rampart restarted before this router's turn", finishedAt: now },
    });
    await db.pushBatch.update({ where: { id: b.id }, data: { state: "stopped", finishedAt: now } });
  }
  await Promise.all(
    cut.map((d) =>
      inspectAfterRestart(d.id).catch((err) =>
        console.error(`[push] restart check of deployment ${d.id}:`, err instanceof Error ? err.message : "unknown"),
      ),
    ),
  );
  return cut.length;
}

async function inspectAfterRestart(deploymentId: string): Promise<void> {
  const d = await loadDeploymentToRun(deploymentId);
  if (!d) return;
  const log = new DeploymentLog(d.id);
  log.resume(d.stepsWritten);
  const plan = await loadPlan(d.planHash, d.previewHash);
  const loaded = await loadPushRouter(d.routerId);
  const outcome: Outcome = loaded.ok
    ? await readRouter(loaded.router, d.id, d.revisionId, d.routerId, plan?.placement)
    : { status: "failed-unknown", error: `${RESTARTED}; ${loaded.message}, so its state is unknown` };
  await log.step(
    "rollback",
    outcome.error ?? outcome.rollbackOutcome ?? "",
    outcome.status === "done" ? "info" : "warn",
  );
  await log.step("done", outcomeLine(outcome, d.routerName), outcome.status === "done" ? "info" : "error");
  const started = await db.deployment.findUnique({ where: { id: d.id }, select: { startedAt: true, createdAt: true } });
  await log.finish(outcome.status, outcome, started?.startedAt ?? started?.createdAt ?? new Date(), [
    ...outcomeStatements(d, outcome, plan),
    ...(await pushAlertStatements(d, outcome)),
  ]);
}

async function readRouter(
  router: PushRouter,
  deploymentId: string,
  revisionId: string,
  routerId: string,
  placement: import("@/lib/routers/driver").Placement | undefined,
): Promise<Outcome> {
  let s: DriverSession | null = null;
  try {
    s = await connect(router);
    const timers = await s.listReverts();
    const live = await s.readFirewall();
    const mine = timers.find((t) => t.pushId === deploymentId) ?? null;
    const holds = await describeHolding(router, live, revisionId, placement, routerId);
    const at = `on restart Rampart read the router over a new connection: it holds ${holds.text}`;
    if (mine?.pending) {
      return {
        status: "failed-unknown",
        error: `${RESTARTED}; ${at}, and this push's revert timer is pending${mine.firesAt ? ` (fires at ${mine.firesAt}, router time)` : ""}: the router restores the firewall from before this push then. Push again after that, or now (the next push removes this timer before arming its own)`,
      };
    }
    const leftover = mine ? ` (${leftoverText(mine)}; the next push removes it)` : "";
    if (holds.kind === "this")
      return {
        status: "done",
        rollbackOutcome: `${RESTARTED} here, but ${at}, and no revert timer of this push is pending${leftover}: the push stands`,
      };
    if (holds.kind === "previous")
      return {
        status: "rolled-back",
        error: RESTARTED,
        rollbackOutcome: `rolled back by the router's revert timer: ${at}, and no revert timer of this push is pending${leftover}`,
      };
    return {
      status: "failed-unknown",
      error: `${RESTARTED}; ${at}, and no revert timer of this push is pending${leftover}. Check the router (preview shows its live state) and push again`,
    };
  } catch (err) {
    return {
      status: "failed-unknown",
      error: `${RESTARTED}; on restart the router could not be read (${describeError(err).message}), so whether this push's revert timer is still pending is unknown. The next push to this router removes any timer left before arming its own`,
    };
  } finally {
    await closeQuietly(s);
  }
}

function leftoverText(r: PendingRevert): string {
  return r.timer ? "its timer entry has run but is still listed" : "its restore script is still there";
}

/** This push's rules, the last confirmed push's, or neither (with how far off): read, never assumed. */
async function describeHolding(
  router: PushRouter,
  live: LiveFirewall,
  revisionId: string,
  placement: import("@/lib/routers/driver").Placement | undefined,
  routerId: string,
): Promise<{ kind: "this" | "previous" | "neither"; text: string }> {
  const vendor = router.target.vendor;
  const mineRev = await cachedRevision(revisionId);
  const mine = mineRev ? compiledForVendor(mineRev, vendor, router.planner, router.roles) : null;
  const off = mine?.ok ? router.planner.compare(live, mine.desired, { placement }).length : null;
  if (off === 0) return { kind: "this", text: "exactly this push's rules" };
  const status = await db.routerStatus.findUnique({
    where: { routerId },
    select: { lastPushedRevisionId: true, lastPushedPlacement: true },
  });
  if (status?.lastPushedRevisionId) {
    const prevRev = await cachedRevision(status.lastPushedRevisionId);
    const prev = prevRev ? compiledForVendor(prevRev, vendor, router.planner, router.roles) : null;
    if (
      prev?.ok &&
      router.planner.compare(live, prev.desired, { placement: storedPlacement(status.lastPushedPlacement) }).length ===
        0
    ) {
      return { kind: "previous", text: "exactly the rules of the last confirmed push, as before this push" };
    }
  } else if (!live.items.some((i) => i.managedId !== null && !i.dynamic)) {
    return { kind: "previous", text: "no Rampart rules, as before this router's first push" };
  }
  return {
    kind: "neither",
    text: `neither this push's rules${off !== null ? ` (${off} difference${off === 1 ? "" : "s"})` : ""} nor the last confirmed push's`,
  };
}
