import { ApiError, failureError, orThrow } from "@/lib/api/errors";
import type { Principal } from "@/lib/api/principal";
import { db } from "@/lib/db/client";
import { assignRuleSet, getAssignment, listAssignments, unassignRuleSet, type AssignmentResult } from "./assignments";
import { continueBatch, stopBatch, type BatchActionResult } from "./batch";
import { previewPush } from "./preview";
import { previewMany } from "./preview-many";
import { previewSummaryView } from "./plan-store";
import { getBatch, type BatchView } from "./queries";
import { startPush, type PushRequest } from "./start-push";

/** The API's view of lib/push results: expected failures become ApiErrors with the shared error shape. */

export async function assignForApi(p: Principal, routerId: string, ruleSetId: string) {
  return { assignment: assignmentOrThrow(await assignRuleSet({ ...p.actor, userId: p.userId }, routerId, ruleSetId)) };
}

export async function unassignForApi(p: Principal, routerId: string): Promise<null> {
  assignmentOrThrow(await unassignRuleSet(p.actor, routerId));
  return null;
}

/** An unknown router is a 404, not "no assignment". */
export async function getAssignmentForApi(routerId: string) {
  if (!(await db.router.findUnique({ where: { id: routerId }, select: { id: true } })))
    throw new ApiError("not_found", "No router with that id.");
  return { assignment: await getAssignment(routerId) };
}

/** An unknown rule set is a 404, not an empty list. */
export async function listAssignmentsForApi(ruleSetId: string) {
  if (!(await db.ruleSet.findUnique({ where: { id: ruleSetId }, select: { id: true } })))
    throw new ApiError("not_found", "No rule set with that id.");
  return { assignments: await listAssignments(ruleSetId) };
}

function assignmentOrThrow(r: AssignmentResult) {
  if (!r.ok) throw failureError(r);
  return r.assignment;
}

export async function previewForApi(p: Principal, ruleSetId: string, body: { routerId: string; revision?: number }) {
  return await previewSummaryView(orThrow(await previewPush(p.actor, body.routerId, ruleSetId, body.revision)).preview);
}

/** Several routers at once: each router's preview (its summary) or its error (the shape a single preview's error has). */
export async function previewManyForApi(
  p: Principal,
  ruleSetId: string,
  body: { routerIds: string[]; revision?: number },
) {
  if (!(await db.ruleSet.findUnique({ where: { id: ruleSetId }, select: { id: true } })))
    throw new ApiError("not_found", "No rule set with that id.");
  const outcomes = await previewMany(p.actor, ruleSetId, body.routerIds, body.revision);
  return {
    results: await Promise.all(
      outcomes.map(async (r, i) => {
        if (r.ok) return { routerId: body.routerIds[i], preview: await previewSummaryView(r.preview) };
        const e = failureError(r);
        return {
          routerId: body.routerIds[i],
          error: { code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) },
        };
      }),
    ),
  };
}

export async function pushForApi(p: Principal, ruleSetId: string, body: PushRequest) {
  const r = await startPush({ actor: p.actor, userId: p.userId, role: p.role }, ruleSetId, body);
  if (!r.ok) throw failureError(r);
  return { batchId: r.batchId, deploymentIds: r.deploymentIds };
}

export async function batchOrThrow(id: string): Promise<BatchView> {
  const b = await getBatch(id);
  if (!b) throw new ApiError("not_found", "push not found");
  return b;
}

export async function batchActionForApi(p: Principal, id: string, action: "continue" | "stop"): Promise<BatchView> {
  const r: BatchActionResult = action === "continue" ? await continueBatch(p.actor, id) : await stopBatch(p.actor, id);
  if (!r.ok) throw failureError(r);
  return batchOrThrow(id);
}
