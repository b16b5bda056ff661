import { z } from "zod";
import { assignmentViewSchema } from "@/lib/push/assignments";
import {
  batchViewSchema,
  deploymentDetailSchema,
  deploymentFilterSchema,
  deploymentSummarySchema,
} from "@/lib/push/queries";
import { PREVIEW_BATCH_SIZE } from "@/lib/push/preview-pace";
import { apiErrorSchema } from "../errors";
import {
  PLAN_PAGE_DEFAULT,
  PLAN_PAGE_MAX,
  PLAN_SECTIONS,
  planPageSchema,
  planSummaryViewSchema,
  previewSummaryViewSchema,
} from "@/lib/push/plan-summary";
import { pushRequestSchema } from "@/lib/push/start-push";
import { defineOperation } from "../operation";
import { idParams } from "./id-params";

/** Assignment, per-router preview, push (single or fleet, with canary), deployments and their logs. */

const tag = "Push";

export const getAssignmentOp = defineOperation({
  id: "getRouterAssignment",
  method: "GET",
  path: "/api/v1/routers/{id}/assignment",
  summary: "The rule set assigned to a router (null when none)",
  tag,
  role: "viewer",
  params: idParams,
  response: z.object({ assignment: assignmentViewSchema.nullable() }),
});

export const putAssignmentOp = defineOperation({
  id: "assignRuleSet",
  method: "PUT",
  path: "/api/v1/routers/{id}/assignment",
  summary: "Assign a rule set to a router (replaces any other; pushes nothing)",
  tag,
  role: "operator",
  params: idParams,
  body: z.object({ ruleSetId: z.string().min(1).max(64) }),
  response: z.object({ assignment: assignmentViewSchema.nullable() }),
});

export const deleteAssignmentOp = defineOperation({
  id: "unassignRuleSet",
  method: "DELETE",
  path: "/api/v1/routers/{id}/assignment",
  summary: "Unassign the router's rule set (the router keeps its rules)",
  tag,
  role: "operator",
  params: idParams,
  response: z.null(),
  successStatus: 204,
});

export const listAssignmentsOp = defineOperation({
  id: "listRuleSetAssignments",
  method: "GET",
  path: "/api/v1/rule-sets/{id}/assignments",
  summary: "Routers assigned a rule set, with the revision each last received",
  tag,
  role: "viewer",
  params: idParams,
  response: z.object({ assignments: z.array(assignmentViewSchema) }),
});

export const previewPushOp = defineOperation({
  id: "previewPush",
  method: "POST",
  path: "/api/v1/rule-sets/{id}/previews",
  summary:
    "Plan one router against its live firewall: lockout check and the plan's summary (counts, totals, the first changes and operations; the rest from GET /api/v1/plans/{hash}/{section}). Stored so the push runs exactly it. Compile refusals come back as 422 with issues at rules.N.field",
  tag,
  role: "operator",
  params: idParams,
  body: z.object({ routerId: z.string().min(1).max(64), revision: z.number().int().min(1).optional() }),
  response: previewSummaryViewSchema,
  successStatus: 201,
});

export const previewPushManyOp = defineOperation({
  id: "previewPushMany",
  method: "POST",
  path: "/api/v1/rule-sets/{id}/previews/batch",
  summary: `Plan up to ${PREVIEW_BATCH_SIZE} routers at once, each exactly as a single preview (stored, pushed as shown); each result is the router's preview or its error, in the order asked`,
  tag,
  role: "operator",
  params: idParams,
  body: z.object({
    routerIds: z.array(z.string().min(1).max(64)).min(1).max(PREVIEW_BATCH_SIZE),
    revision: z.number().int().min(1).optional(),
  }),
  response: z.object({
    results: z.array(
      z.object({
        routerId: z.string(),
        preview: previewSummaryViewSchema.optional(),
        error: apiErrorSchema.shape.error.optional(),
      }),
    ),
  }),
});

export const startPushOp = defineOperation({
  id: "startPush",
  method: "POST",
  path: "/api/v1/rule-sets/{id}/push",
  summary:
    "Push a revision to chosen routers or all assigned, exactly as previewed; every push arms the on-router revert timer. Overrides need admin",
  tag,
  role: "operator",
  params: idParams,
  body: pushRequestSchema,
  response: z.object({ batchId: z.string(), deploymentIds: z.array(z.string()) }),
  successStatus: 202,
});

export const listDeploymentsOp = defineOperation({
  id: "listDeployments",
  method: "GET",
  path: "/api/v1/deployments",
  summary: "Deployments, newest first, filtered by status, router, rule set or push",
  tag,
  role: "viewer",
  query: deploymentFilterSchema,
  response: z.object({ deployments: z.array(deploymentSummarySchema) }),
});

export const getDeploymentOp = defineOperation({
  id: "getDeployment",
  method: "GET",
  path: "/api/v1/deployments/{id}",
  summary:
    "One deployment: its plan's summary (the rest from GET /api/v1/plans/{hash}/{section}), step log, result, router error, rollback outcome",
  tag,
  role: "viewer",
  params: idParams,
  response: deploymentDetailSchema,
});

export const getBatchOp = defineOperation({
  id: "getPushBatch",
  method: "GET",
  path: "/api/v1/push-batches/{id}",
  summary: "One push (batch) with each router's live progress",
  tag,
  role: "viewer",
  params: idParams,
  response: batchViewSchema,
});

export const continueBatchOp = defineOperation({
  id: "continuePushBatch",
  method: "POST",
  path: "/api/v1/push-batches/{id}/continue",
  summary: "After the canary: push the remaining routers",
  tag,
  role: "operator",
  params: idParams,
  response: batchViewSchema,
});

export const stopBatchOp = defineOperation({
  id: "stopPushBatch",
  method: "POST",
  path: "/api/v1/push-batches/{id}/stop",
  summary: "Push no more routers of this batch (running pushes finish)",
  tag,
  role: "operator",
  params: idParams,
  response: batchViewSchema,
});

const hashParams = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/, "a plan hash is 64 hex digits") });

export const getPlanOp = defineOperation({
  id: "getPlan",
  method: "GET",
  path: "/api/v1/plans/{hash}",
  summary:
    "A stored plan's summary (previews and deployments name it by hash); detailKept false once the plan retention setting pruned its detail",
  tag,
  role: "viewer",
  params: hashParams,
  response: planSummaryViewSchema,
});

export const getPlanPageOp = defineOperation({
  id: "getPlanPage",
  method: "GET",
  path: "/api/v1/plans/{hash}/{section}",
  summary:
    "One page of a stored plan's changes, compile notes or writes (the revert timer's, the operations, the timer's removal, in order). Pass `next` as cursor; 404 once the detail was pruned",
  tag,
  role: "viewer",
  params: hashParams.extend({ section: z.enum(PLAN_SECTIONS) }),
  query: z.object({
    cursor: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(PLAN_PAGE_MAX).default(PLAN_PAGE_DEFAULT),
  }),
  response: planPageSchema,
});
