import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { join, queryRows, sql } from "@/lib/db/direct-sql";
import { dropPending, enqueue, inFlightCount, setFinishedHandler } from "./push-queue";
import { RUNNING_STATUSES, type DeploymentStatus } from "./schemas";
import type { Failure } from "@/lib/failure";

const FAILED: readonly DeploymentStatus[] = ["failed", "rolled-back", "refused", "failed-unknown"];

/**
 * What happens in a batch after one of its deployments ends: stop on first failure, pause after the canary,
 * or close the batch when nothing is left.
 */
export async function onDeploymentFinished(deploymentId: string): Promise<void> {
  const d = await finishedDeployment(deploymentId);
  if (!d) return;
  if ((RUNNING_STATUSES as readonly string[]).includes(d.status) || d.status === "queued") {
    // runDeployment threw before writing an outcome (a bug or a lost database): never leave it "running".
    await db.deployment.update({
      where: { id: d.id },
      data: {
        status: "failed-unknown",
        error:
          "internal error during the push; if anything was applied the router's revert timer restores the previous firewall. Check the router.",
        finishedAt: new Date(),
      },
    });
  }
  if (!d.batchId || d.batchState !== "running") return;
  if (d.stopOnFailure && FAILED.includes(d.status as DeploymentStatus)) {
    await stopRemaining(
      d.batchId,
      `not pushed: the push stopped after ${d.routerName} ended ${d.status} (stop on first failure)`,
    );
    await db.pushBatch.update({ where: { id: d.batchId }, data: { state: "stopped" } });
    await closeIfFinished(d.batchId);
    return;
  }
  await closeIfFinished(d.batchId);
}

const integer = z.number().int();
const finishedDeploymentSchema = z.object({
  id: z.string(),
  status: z.string(),
  batchId: z.string().nullable(),
  routerName: z.string(),
  /** null when the deployment has no batch (or its batch is gone). */
  batchState: z.string().nullable(),
  stopOnFailure: integer.nullable().transform((v) => Boolean(v)),
});

/**
 * The deployment, its router's name and its batch's state in one plain SQL read (lib/db/direct-sql): this
 * runs after every deployment of a fleet push, on the event loop the whole push shares.
 */
async function finishedDeployment(deploymentId: string): Promise<z.infer<typeof finishedDeploymentSchema> | null> {
  const rows = await queryRows(sql`
    SELECT d."id", d."status", d."batchId", r."name" AS "routerName", b."state" AS "batchState", b."stopOnFailure" AS "stopOnFailure"
    FROM "Deployment" d
    JOIN "Router" r ON r."id" = d."routerId"
    LEFT JOIN "PushBatch" b ON b."id" = d."batchId"
    WHERE d."id" = ${deploymentId}`);
  return rows.length ? finishedDeploymentSchema.parse(rows[0]) : null;
}

const batchCountsSchema = z.object({ running: integer.nullable(), queued: integer.nullable() });

/**
 * When nothing of the batch runs or waits: canary-wait if some are still queued, else done. This runs after every
 * deployment; while this process still runs or holds some of the batch it is not over, and asking the database
 * (a count over the batch's rows) each time made a push's bookkeeping grow with the square of its size.
 */
async function closeIfFinished(batchId: string): Promise<void> {
  if (inFlightCount(batchId) > 0) return;
  const [counts] = await queryRows(sql`
    SELECT SUM(CASE WHEN "status" IN (${join([...RUNNING_STATUSES])}) THEN 1 ELSE 0 END) AS "running",
      SUM(CASE WHEN "status" = 'queued' THEN 1 ELSE 0 END) AS "queued"
    FROM "Deployment" WHERE "batchId" = ${batchId}`);
  const { running, queued } = batchCountsSchema.parse(counts);
  if ((running ?? 0) > 0) return;
  const batch = await db.pushBatch.findUnique({ where: { id: batchId } });
  if (!batch) return;
  if ((queued ?? 0) > 0 && batch.state === "running")
    await db.pushBatch.update({ where: { id: batchId }, data: { state: "canary-wait" } });
  else if ((queued ?? 0) === 0 && batch.finishedAt === null) {
    await db.pushBatch.update({
      where: { id: batchId },
      data: { state: batch.state === "running" ? "done" : batch.state, finishedAt: new Date() },
    });
  }
}

async function stopRemaining(batchId: string, reason: string): Promise<void> {
  dropPending(batchId);
  await db.deployment.updateMany({
    where: { batchId, status: "queued" },
    data: { status: "skipped", error: reason, finishedAt: new Date() },
  });
}

export type BatchActionResult = { ok: true } | Failure<"not_found" | "conflict">;

/** After the canary: push the rest. */
export async function continueBatch(actor: Actor, batchId: string): Promise<BatchActionResult> {
  const batch = await db.pushBatch.findUnique({ where: { id: batchId } });
  if (!batch) return { ok: false, code: "not_found", message: "push not found" };
  if (batch.state !== "canary-wait")
    return { ok: false, code: "conflict", message: `this push is ${batch.state}, not waiting after its canary` };
  const rest = await db.deployment.findMany({
    where: { batchId, status: "queued" },
    orderBy: { createdAt: "asc" },
    select: { id: true, routerId: true },
  });
  await db.pushBatch.update({ where: { id: batchId }, data: { state: "running" } });
  await recordAudit({
    actor,
    action: "push.continue",
    targetType: "push",
    targetId: batchId,
    summary: `Continued the push after its canary (${rest.length} more router${rest.length === 1 ? "" : "s"})`,
  });
  enqueue(rest.map((r) => ({ id: r.id, routerId: r.routerId, batchId })));
  return { ok: true };
}

/** After the canary (or while queued work remains): push no more routers. Running pushes finish. */
export async function stopBatch(actor: Actor, batchId: string): Promise<BatchActionResult> {
  const batch = await db.pushBatch.findUnique({ where: { id: batchId } });
  if (!batch) return { ok: false, code: "not_found", message: "push not found" };
  if (batch.state !== "canary-wait" && batch.state !== "running")
    return { ok: false, code: "conflict", message: `this push is already ${batch.state}` };
  await stopRemaining(batchId, `not pushed: ${actor.label} stopped the push`);
  await db.pushBatch.update({ where: { id: batchId }, data: { state: "stopped" } });
  await recordAudit({
    actor,
    action: "push.stop",
    targetType: "push",
    targetId: batchId,
    summary: "Stopped the push; routers not yet started were skipped",
  });
  await closeIfFinished(batchId);
  return { ok: true };
}

setFinishedHandler(onDeploymentFinished);
