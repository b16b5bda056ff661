import { apiHandler } from "@/lib/api/operation";
import { listAssignmentsOp } from "@/lib/api/operations/push";
import { listAssignmentsForApi } from "@/lib/push/api-service";

export const GET = apiHandler(listAssignmentsOp, async ({ params }) => listAssignmentsForApi(params.id));
