import { z } from "zod";
import { conflictRefusal } from "@/lib/analysis/push-guard";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { roleAllows, type Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { inChunks } from "@/lib/db/in-chunks";
import "./batch";
import { lockoutRefusal } from "./lockout-guard";
import { planSummaries, touchPlans } from "./plan-store";
import { latestPreview } from "./preview";
import { enqueue } from "./push-queue";
import { findRevision } from "./revision-content";
import {
  ACTIVE_STATUSES,
  DEFAULT_REVERT_SECONDS,
  lockoutCheckSchema,
  parseStoredJson,
  revertSecondsSchema,
  type OverrideRecord,
} from "./schemas";
import type { Failure } from "@/lib/failure";

export const pushRequestSchema = z.object({
  /** Revision number of the rule set; the head revision when omitted. */
  revision: z.number().int().min(1).optional(),
  /** Router ids, or "all" = every router assigned this rule set. */
  routers: z
    .union([z.literal("all"), z.array(z.string().min(1).max(64)).min(1, "pick at least one router").max(1000)])
    .default("all"),
  /** The previews to push exactly; without them each router's newest preview of this revision (≤ 30 min) is used. */
  previewIds: z.array(z.string().min(1).max(64)).max(1000).optional(),
  /** Push the first N routers, then wait for continue or stop. 0 = no canary. */
  canary: z.number().int().min(0).max(1000).default(0),
  stopOnFailure: z.boolean().default(false),
  revertSeconds: revertSecondsSchema.default(DEFAULT_REVERT_SECONDS),
  /** Admin only, checked on the server, named on every deployment. */
  override: z
    .object({
      lockout: z.boolean().default(false),
      noTimer: z.boolean().default(false),
      /** Push although someone staged uncommitted firewall changes on a router: they are discarded first. */
      staged: z.boolean().default(false),
    })
    .default({ lockout: false, noTimer: false, staged: false }),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export interface PushRequester {
  actor: Actor;
  userId: string | null;
  role: Role;
}

export type StartPushResult =
  | { ok: true; batchId: string; deploymentIds: string[] }
  | Failure<"not_found" | "conflict" | "forbidden" | "validation_failed">;

/**
 * Checks everything that can be checked without touching a router, then queues one deployment per router with
 * the exact plan its preview showed. Refuses the whole push rather than some of it, so nobody is surprised.
 */
export async function startPush(who: PushRequester, ruleSetId: string, req: PushRequest): Promise<StartPushResult> {
  const revision = await findRevision(ruleSetId, req.revision);
  if (!revision)
    return {
      ok: false,
      code: "not_found",
      message: req.revision ? `revision ${req.revision} not found` : "rule set not found or has no revision",
    };
  if ((req.override.lockout || req.override.noTimer || req.override.staged) && !roleAllows(who.role, "admin")) {
    return { ok: false, code: "forbidden", message: `Overrides need the admin role; you are ${who.role}.` };
  }
  const blocked = await conflictRefusal(revision.content, `Revision ${revision.number}`);
  if (blocked) return { ok: false, code: "conflict", message: blocked };
  const assigned = await db.routerAssignment.findMany({
    where: { ruleSetId },
    include: { router: { select: { id: true, name: true } } },
    orderBy: { router: { name: "asc" } },
  });
  const byId = new Map(assigned.map((a) => [a.routerId, a.router]));
  const issues: { path: string; message: string }[] = [];
  const routerIds = req.routers === "all" ? assigned.map((a) => a.routerId) : [...new Set(req.routers)];
  if (routerIds.length === 0)
    return {
      ok: false,
      code: "validation_failed",
      message: `no routers are assigned rule set '${revision.ruleSetName}'`,
    };
  if (req.routers !== "all")
    routerIds.forEach((id, i) => {
      if (!byId.has(id))
        issues.push({
          path: `routers.${i}`,
          message: `router ${id} is not assigned rule set '${revision.ruleSetName}'`,
        });
    });
  if (issues.length)
    return { ok: false, code: "validation_failed", message: "some routers cannot take this push", issues };

  const explicit = req.previewIds?.length
    ? await inChunks(req.previewIds, (ids) =>
        db.pushPreview.findMany({ where: { id: { in: ids }, revisionId: revision.id } }),
      )
    : [];
  // By router, the first given (a find per router made a 1,000-router push compare half a million pairs).
  const explicitOf = new Map<string, (typeof explicit)[number]>();
  for (const p of explicit) if (!explicitOf.has(p.routerId)) explicitOf.set(p.routerId, p);
  const chosenPreviews: { routerId: string; planHash: string; baseStateHash: string }[] = [];
  for (const [i, routerId] of routerIds.entries()) {
    const name = byId.get(routerId)!.name;
    const chosen = explicitOf.get(routerId);
    const preview = chosen
      ? {
          planHash: chosen.planHash,
          lockout: parseStoredJson(lockoutCheckSchema, chosen.lockout, `preview ${chosen.id}`),
          baseStateHash: chosen.baseStateHash,
        }
      : await latestPreview(routerId, revision.id);
    if (!preview) {
      issues.push({
        path: `routers.${i}`,
        message: `preview ${name} first: there is no preview of revision ${revision.number} for it from the last 30 minutes`,
      });
      continue;
    }
    const refusal = lockoutRefusal(preview.lockout);
    if (refusal && !req.override.lockout) issues.push({ path: `routers.${i}`, message: `${name}: ${refusal}` });
    chosenPreviews.push({ routerId, planHash: preview.planHash, baseStateHash: preview.baseStateHash });
  }
  // Routers given the same plan share one stored copy (plan-store.ts): only the summaries are read here.
  const summaries = await planSummaries(chosenPreviews.map((p) => p.planHash));
  const plans = chosenPreviews.map((p) => ({ ...p, opsTotal: summaries.get(p.planHash)?.opsTotal ?? 0 }));
  const indexOf = new Map(routerIds.map((id, i) => [id, i]));
  for (const p of chosenPreviews) {
    if (!summaries.get(p.planHash)?.detailKept)
      issues.push({
        path: `routers.${indexOf.get(p.routerId)}`,
        message: `preview ${byId.get(p.routerId)!.name} again: its stored plan is gone`,
      });
  }
  if (issues.length)
    return {
      ok: false,
      code: "validation_failed",
      message: issues.length === 1 ? issues[0].message : "some routers cannot take this push",
      issues,
    };

  const busy = await inChunks(routerIds, (ids) =>
    db.deployment.findMany({
      where: { routerId: { in: ids }, status: { in: [...ACTIVE_STATUSES] } },
      select: { routerId: true },
    }),
  );
  if (busy.length) {
    const names = [...new Set(busy.map((b) => byId.get(b.routerId)!.name))].join(", ");
    return { ok: false, code: "conflict", message: `a push to ${names} is already queued or running` };
  }

  const at = new Date().toISOString();
  const overrides: OverrideRecord[] = [
    ...(req.override.lockout ? [{ kind: "lockout" as const, by: who.actor.label, at }] : []),
    ...(req.override.noTimer ? [{ kind: "no-timer" as const, by: who.actor.label, at }] : []),
    ...(req.override.staged ? [{ kind: "staged" as const, by: who.actor.label, at }] : []),
  ];
  const canary = req.canary > 0 && req.canary < plans.length ? req.canary : 0;
  const base = Date.now();
  const { batchId, deployments } = await db.$transaction(async (tx) => {
    const batch = await tx.pushBatch.create({
      data: {
        ruleSetId,
        revisionId: revision.id,
        requestedById: who.userId,
        requestedByLabel: who.actor.label,
        state: "running",
        canary,
        stopOnFailure: req.stopOnFailure,
        revertSeconds: req.revertSeconds,
        overrides: JSON.stringify(overrides),
      },
    });
    // A statement per 50 deployments, not one each (a create each made a 200-router push pay Prisma's query
    // compiler 200 times before the first router was touched), nor one for all (parameter ceiling, lib/db/in-chunks).
    const rows = plans.map((p, i) => ({
      batchId: batch.id,
      routerId: p.routerId,
      ruleSetId,
      revisionId: revision.id,
      requestedById: who.userId,
      requestedByLabel: who.actor.label,
      status: "queued",
      previewHash: p.baseStateHash,
      planHash: p.planHash,
      overrides: JSON.stringify(overrides),
      opsTotal: p.opsTotal,
      // Distinct times keep the router order (and the canary's "first N") stable in every list.
      createdAt: new Date(base + i),
    }));
    const created = await inChunks(
      rows,
      (slice) => tx.deployment.createManyAndReturn({ data: slice, select: { id: true, routerId: true } }),
      50,
    );
    // A batch names each router once; keep the order of `plans`.
    const idOf = new Map(created.map((c) => [c.routerId, c.id]));
    const deployments = plans.map((p) => ({ id: idOf.get(p.routerId)!, routerId: p.routerId }));
    await recordAudit(
      {
        actor: who.actor,
        action: "push.start",
        targetType: "rule-set",
        targetId: ruleSetId,
        summary: `Pushed '${revision.ruleSetName}' revision ${revision.number} to ${plans.length} router${plans.length === 1 ? "" : "s"}${canary ? ` (canary ${canary})` : ""}${overrides.length ? `, overriding: ${overrides.map((o) => o.kind).join(", ")}` : ""}`,
        details: {
          batchId: batch.id,
          revisionId: revision.id,
          routers: routerIds,
          canary,
          stopOnFailure: req.stopOnFailure,
          revertSeconds: req.revertSeconds,
          overrides,
        },
      },
      tx,
    );
    return { batchId: batch.id, deployments };
  });
  // Retention counts from the push, not from the preview it was made of.
  await touchPlans(plans.map((p) => p.planHash));
  const first = canary ? deployments.slice(0, canary) : deployments;
  enqueue(first.map((d) => ({ id: d.id, routerId: d.routerId, batchId })));
  return { ok: true, batchId, deploymentIds: deployments.map((d) => d.id) };
}
