import { z } from "zod";
import { pushAlertStatements } from "./push-alerts";
import { auditInsert, systemActor } from "@/lib/audit/record";
import { sql, type Sql } from "@/lib/db/direct-sql";
import type {
  DesiredFirewall,
  DriverSession,
  FirewallChange,
  LiveFirewall,
  PreparedRevert,
  ResultingChain,
} from "@/lib/routers/driver";
import { checkLockout, lockoutRefusal, lockoutVerdictLine } from "./lockout-guard";
import { issueText } from "./preview";
import { cachedRevision, compiledForVendor } from "./compiled-revision";
import { closeQuietly, connect, describeError, loadPushRouter, PushStepError, type PushRouter } from "./router-session";
import { DeploymentLog } from "./deployment-log";
import { describeLeftover, noteOnDeployment, settleLeftoverReverts } from "./revert-leftovers";
import { cleanUpFailedArm, retryDeadline, settleAfterError } from "./settle-after-error";
import { settleClaimsStatements } from "./ownership-claims";
import { loadDeploymentToRun, type DeploymentToRun } from "./deployment-to-run";
import { loadPlan } from "./plan-store";
import { readKey, sharedWork } from "./shared-by-read";
import {
  DEFAULT_REVERT_SECONDS,
  overrideRecordSchema,
  parseStoredJson,
  type DeploymentStatus,
  type StoredPlan,
} from "./schemas";

/** Test seam: awaited before a phase starts. A promise that never settles is "Rampart died right here". */
export interface PushHooks {
  beforePhase?(phase: "apply" | "verify" | "confirm" | "rollback", deploymentId: string): Promise<void>;
}

export type Outcome = {
  status: DeploymentStatus;
  error?: string | null;
  routerError?: string | null;
  rollbackOutcome?: string | null;
};

/**
 * Runs one queued deployment exactly as previewed. Order matters and is the safety story:
 * read live and refuse if it is not what the preview saw → lockout guard → settle any other push's revert timer
 * left on the router → arm this push's timer with the `before` firewall → apply → read back over a NEW connection
 * (proves the management path survived) → disarm only when the read-back equals the plan. A failed arm is cleaned
 * up by reading the router; any failure after it is settled over new connections until the timer's deadline
 * (settle-after-error.ts); if Rampart dies, nothing disarms and the router restores itself.
 */
export async function runDeployment(deploymentId: string, hooks: PushHooks = {}): Promise<DeploymentStatus> {
  const d = await loadDeploymentToRun(deploymentId);
  if (!d) return "failed";
  if (d.status !== "queued") return d.status;
  const log = new DeploymentLog(d.id);
  log.resume(d.stepsWritten);
  const startedAt = new Date();
  await log.status("connecting", { startedAt });
  const seconds = d.revertSeconds ?? DEFAULT_REVERT_SECONDS;
  const overrides = parseStoredJson(z.array(overrideRecordSchema), d.overrides, `deployment ${d.id} overrides`);
  const override = (kind: "lockout" | "no-timer" | "staged") => overrides.find((o) => o.kind === kind) ?? null;
  const plan = await loadPlan(d.planHash, d.previewHash);

  const outcome = await (async (): Promise<Outcome> => {
    // Retention never drops the plan of a queued deployment (plan-retention.ts); this is the guard if it happened anyway.
    if (!plan)
      return { status: "refused", error: "its plan is no longer stored (preview again and push); nothing was changed" };
    const revision = await cachedRevision(d.revisionId);
    if (!revision) return { status: "refused", error: "the revision no longer exists; nothing was changed" };
    const loaded = await loadPushRouter(d.routerId);
    if (!loaded.ok) return { status: "refused", error: `${loaded.message}; nothing was changed` };
    const compiled = compiledForVendor(
      revision,
      loaded.router.target.vendor,
      loaded.router.planner,
      loaded.router.roles,
    );
    if (!compiled.ok)
      return {
        status: "refused",
        error: `the revision cannot be expressed on this router: ${issueText(compiled.issues[0], revision.content.rules)}; nothing was changed`,
      };
    return pushPlan({
      router: loaded.router,
      desired: compiled.desired,
      content: revision.content,
      plan,
      planHash: d.planHash,
      seconds,
      deploymentId: d.id,
      log,
      hooks,
      override,
    });
  })();
  await log.step("done", outcomeLine(outcome, d.routerName), outcome.status === "done" ? "info" : "error");
  // The deployment's end, the router's status, the audit event and the settled claims: one transaction.
  await log.finish(outcome.status, outcome, startedAt, [
    ...outcomeStatements(d, outcome, plan),
    ...(await pushAlertStatements(d, outcome)),
  ]);
  return outcome.status;
}

interface PushContext {
  router: PushRouter;
  desired: DesiredFirewall;
  content: import("@/lib/rules/schema").RuleSetContent;
  plan: StoredPlan;
  /** PushPlan.hash of `plan` (its body; the base state is the read's). */
  planHash: string;
  seconds: number;
  deploymentId: string;
  log: DeploymentLog;
  hooks: PushHooks;
  override(kind: "lockout" | "no-timer" | "staged"): { by: string } | null;
}

const sharedChain = sharedWork<ResultingChain>();
const sharedComparison = sharedWork<FirewallChange[]>();
const sharedRevert = sharedWork<PreparedRevert>();

async function pushPlan(c: PushContext): Promise<Outcome> {
  const { router, log } = c;
  let session: DriverSession | null = null;
  let before: LiveFirewall | null = null;
  /** "arming": the timer's writes were sent but not all confirmed; the router may hold any part of them. */
  let timer: "none" | "arming" | "armed" = "none";
  let armedAt = Date.now();
  let applying = false;
  let verified = false;
  try {
    await log.step("connect", `connecting to ${router.target.host}:${router.target.port}`);
    session = await connect(router);
    // Leftover revert timers are listed in the same round trip as the firewall read; both are reads, and when a
    // leftover is removed below, the firewall is read again.
    const [first, listed] = await Promise.all([session.readFirewall(), session.listReverts()]);
    let live = first;
    if (live.stateHash !== c.plan.baseStateHash) {
      return {
        status: "refused",
        error: "the router changed since the preview; preview again and push the fresh plan. Nothing was changed",
      };
    }
    await log.step("check", "the router's firewall is exactly as the preview read it");
    // Someone else's staged, uncommitted edits: never committed or restored by Rampart (a reload would make them
    // live too). Refused before anything is armed; an admin may override, and they are then discarded.
    if (live.staged?.length) {
      const shown = `${live.staged.slice(0, 5).join("; ")}${live.staged.length > 5 ? "; …" : ""}`;
      const stagedOverride = c.override("staged");
      if (!stagedOverride)
        return {
          status: "refused",
          error: `the router has uncommitted firewall changes staged by someone else (${shown}); commit or revert them on the router, or an admin can override (they are then discarded). Nothing was changed`,
        };
      if (!session.discardStaged)
        return { status: "refused", error: "this router's driver cannot discard staged changes. Nothing was changed" };
      await session.discardStaged();
      await log.step(
        "check",
        `discarded ${live.staged.length} uncommitted change${live.staged.length === 1 ? "" : "s"} staged on the router by someone else (${shown}): staged changes overridden by ${stagedOverride.by}`,
        "warn",
      );
    }

    // The chain as the router will hold it; routers whose read is identical share it (shared-by-read.ts).
    const chain = sharedChain(c.desired, `${readKey(live)} ${c.planHash}`, () =>
      router.planner.resultingChain(live, c.plan, c.content),
    );
    const lockout = await checkLockout(
      c.content,
      { src: session.localAddress(), host: router.target.host, port: router.target.port },
      chain,
    );
    const refusal = lockoutRefusal(lockout);
    const lockoutOverride = c.override("lockout");
    if (refusal && !lockoutOverride)
      return { status: "refused", error: `${refusal}. Nothing was changed; an admin can override this` };
    if (refusal)
      await log.step("check", `${refusal}; pushed anyway: lockout guard overridden by ${lockoutOverride!.by}`, "warn");
    else await log.step("check", lockoutVerdictLine(lockout).message, lockoutVerdictLine(lockout).level);
    for (const w of lockout.warnings) await log.step("check", w, "warn");

    // Another push's timer still on the router would undo this push when it fires: settle it before arming.
    const leftovers = await settleLeftoverReverts(session, c.deploymentId, listed);
    if (!leftovers.ok) return { status: "refused", error: leftovers.refusal };
    if (leftovers.removed.length > 0) {
      for (const r of leftovers.removed) {
        await log.step(
          "check",
          `found ${describeLeftover(r)} of push ${r.pushId} on the router and removed it, so it cannot undo this push later`,
          "warn",
        );
        await noteOnDeployment(
          r.pushId,
          `push ${c.deploymentId} found ${describeLeftover(r)} of this push on the router and removed it; the router kept the firewall it held then`,
        );
      }
      live = await session.readFirewall();
      if (live.stateHash !== c.plan.baseStateHash) {
        return {
          status: "refused",
          error:
            "the router changed since the preview (a leftover revert timer had run); preview again and push the fresh plan. Nothing was changed by this push",
        };
      }
    }

    before = live;
    const noTimer = c.override("no-timer");
    if (noTimer) {
      await log.step("arm", `no revert timer: pushed unchecked by admin override (${noTimer.by})`, "warn");
    } else {
      // Rows the plan takes over (ownership claims) are named, so the timer gives them back instead of deleting them.
      timer = "arming";
      armedAt = Date.now();
      const armed = { claimed: c.plan.claimed, ops: c.plan.ops };
      const { prepareRevert } = router.planner;
      const prepared = prepareRevert
        ? sharedRevert(c.desired, `${readKey(before)} ${c.planHash}`, () => prepareRevert(before!, armed))
        : undefined;
      // `listed` was read on this session; only this deployment arms a timer of its id.
      await session.armRevert(before, { pushId: c.deploymentId, seconds: c.seconds, ...armed, prepared, listed });
      timer = "armed";
      await log.step(
        "arm",
        `revert timer armed: unless Rampart confirms within ${c.seconds} s, the router restores the previous firewall by itself`,
      );
    }

    await c.hooks.beforePhase?.("apply", c.deploymentId);
    await log.status("applying", { opsTotal: c.plan.ops.length, opsDone: 0 });
    applying = true;
    if (c.plan.ops.length > 0) {
      await session.apply(c.plan.ops, (p) => void log.progress(p.done, p.total).catch(() => undefined));
      await log.progress(c.plan.ops.length, c.plan.ops.length);
    }
    await log.step("apply", `applied ${c.plan.ops.length} operation${c.plan.ops.length === 1 ? "" : "s"}`);
    await closeQuietly(session);
    session = null;

    await log.status("verifying");
    await c.hooks.beforePhase?.("verify", c.deploymentId);
    // A new connection: if the new rules cut Rampart off, this is where it shows, and the timer is still armed.
    session = await connect(router);
    const readback = await session.readFirewall();
    const diffs = sharedComparison(c.desired, `${readKey(readback)} ${JSON.stringify(c.plan.placement ?? null)}`, () =>
      router.planner.compare(readback, c.desired, { placement: c.plan.placement }),
    );
    if (diffs.length > 0) {
      const shown = diffs
        .slice(0, 3)
        .map((x) => x.description)
        .join("; ");
      throw new PushStepError(
        `read-back over a new connection differs from the plan (${diffs.length}): ${shown}${diffs.length > 3 ? "; …" : ""}`,
      );
    }
    verified = true;
    await log.step("verify", "read back over a new connection: the router holds exactly the new rules");
    if (timer === "armed") {
      await c.hooks.beforePhase?.("confirm", c.deploymentId);
      await session.disarmRevert(c.deploymentId);
      timer = "none";
      await log.step("confirm", "revert timer disarmed: the push is confirmed");
    }
    return { status: "done" };
  } catch (err) {
    const e = describeError(err);
    await closeQuietly(session);
    session = null;
    if (timer === "none" && !applying)
      return {
        status: "failed",
        error: `${e.message}; nothing was changed (no firewall write had been sent yet)`,
        routerError: e.routerMessage,
      };
    const settle = {
      router,
      deploymentId: c.deploymentId,
      log,
      desired: c.desired,
      placement: c.plan.placement,
      seconds: c.seconds,
      beforeAttempt: () => c.hooks.beforePhase?.("rollback", c.deploymentId) ?? Promise.resolve(),
    };
    if (timer === "arming" && !applying) {
      await log.step(
        "arm",
        `${e.message}; the router may hold part of the revert timer: reconnecting to look`,
        "error",
      );
      const r = await cleanUpFailedArm(settle, before!, retryDeadline(armedAt, c.seconds));
      await log.step("rollback", r.outcome, r.status === "failed" ? "info" : "error");
      return { status: r.status, error: `${e.message}; ${r.outcome}`, routerError: e.routerMessage };
    }
    await log.step(verified ? "confirm" : applying ? "apply" : "arm", e.message, "error");
    await log.step(
      "rollback",
      verified ? "confirming over a new connection" : "rolling back at once over a new connection",
      "warn",
    );
    const deadline = timer === "none" ? Date.now() + c.seconds * 1000 : retryDeadline(armedAt, c.seconds);
    const r = await settleAfterError(settle, before!, { armed: timer !== "none", verified, deadline });
    await log.step(
      r.status === "done" ? "confirm" : "rollback",
      r.outcome,
      r.status === "failed-unknown" ? "error" : "info",
    );
    if (r.status === "done") return { status: "done", rollbackOutcome: r.outcome };
    return { status: r.status, error: e.message, routerError: e.routerMessage, rollbackOutcome: r.outcome };
  } finally {
    await closeQuietly(session);
  }
}

export function outcomeLine(o: Outcome, routerName: string): string {
  if (o.status === "done") return `pushed to ${routerName} and confirmed`;
  if (o.status === "rolled-back") return `failed and rolled back: ${o.error}`;
  return `${o.status}: ${o.error}${o.rollbackOutcome ? ` — ${o.rollbackOutcome}` : ""}`;
}

export function outcomeStatements(d: DeploymentToRun, o: Outcome, plan: StoredPlan | null): Sql[] {
  const audit = auditInsert({
    // The result is recorded by the push runner; who asked for the push is in the summary and details.
    actor: systemActor,
    action: `push.${o.status}`,
    targetType: "router",
    targetId: d.routerId,
    summary: `Push to '${d.routerName}' requested by ${d.requestedByLabel || "unknown"}: ${outcomeLine(o, d.routerName)}`,
    details: { deploymentId: d.id, batchId: d.batchId, revisionId: d.revisionId, requestedById: d.requestedById },
  });
  if (o.status !== "done" || !plan) return [audit];
  const placement = plan.placement ? JSON.stringify(plan.placement) : null;
  // "done" means the read-back held exactly the revision: that read is the drift check's latest
  const pushed = sql`INSERT INTO "RouterStatus" ("routerId", "state", "lastPushedRevisionId", "lastPushedPlacement", "driftState", "driftCheckedAt")
    VALUES (${d.routerId}, 'unknown', ${d.revisionId}, ${placement}, 'in-sync', ${new Date()})
    ON CONFLICT ("routerId") DO UPDATE SET "lastPushedRevisionId" = excluded."lastPushedRevisionId", "lastPushedPlacement" = excluded."lastPushedPlacement", "driftState" = 'in-sync', "driftDetail" = NULL, "driftCheckedAt" = excluded."driftCheckedAt"`;
  return [pushed, audit, ...settleClaimsStatements(d, plan.claimed ?? [])];
}
