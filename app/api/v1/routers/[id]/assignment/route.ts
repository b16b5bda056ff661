import { apiHandler } from "@/lib/api/operation";
import { deleteAssignmentOp, getAssignmentOp, putAssignmentOp } from "@/lib/api/operations/push";
import { getAssignment } from "@/lib/push/assignments";
import { assignForApi, unassignForApi } from "@/lib/push/api-service";

export const GET = apiHandler(getAssignmentOp, async ({ params }) => ({ assignment: await getAssignment(params.id) }));
export const PUT = apiHandler(putAssignmentOp, async ({ principal, params, body }) => assignForApi(principal!, params.id, body.ruleSetId));
export const DELETE = apiHandler(deleteAssignmentOp, async ({ principal, params }) => unassignForApi(principal!, params.id));
