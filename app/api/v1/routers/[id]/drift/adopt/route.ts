import { apiHandler } from "@/lib/api/operation";
import { adoptDriftOp } from "@/lib/api/operations/drift";
import { adoptForApi } from "@/lib/drift/api-service";

export const POST = apiHandler(adoptDriftOp, async ({ principal, params }) => adoptForApi(principal!, params.id));
