import { apiHandler } from "@/lib/api/operation";
import { checkDriftOp } from "@/lib/api/operations/drift";
import { checkDriftForApi } from "@/lib/drift/api-service";

export const POST = apiHandler(checkDriftOp, async ({ params }) => checkDriftForApi(params.id));
