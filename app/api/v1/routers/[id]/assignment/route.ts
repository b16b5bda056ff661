import { apiHandler } from "@/lib/api/operation";
import { deleteAssignmentOp, getAssignmentOp, putAssignmentOp } from "@/lib/api/operations/push";
import { assignForApi, getAssignmentForApi, unassignForApi } from "@/lib/push/api-service";

export const GET = apiHandler(getAssignmentOp, async ({ params }) => getAssignmentForApi(params.id));
export const PUT = apiHandler(putAssignmentOp, async ({ principal, params, body }) =>
  assignForApi(principal!, params.id, body.ruleSetId),
);
export const DELETE = apiHandler(deleteAssignmentOp, async ({ principal, params }) =>
  unassignForApi(principal!, params.id),
);
