import { apiHandler } from "@/lib/api/operation";
import { listAssignmentsOp } from "@/lib/api/operations/push";
import { listAssignments } from "@/lib/push/assignments";

export const GET = apiHandler(listAssignmentsOp, async ({ params }) => ({ assignments: await listAssignments(params.id) }));
