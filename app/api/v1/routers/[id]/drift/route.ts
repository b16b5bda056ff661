import { apiHandler } from "@/lib/api/operation";
import { getDriftOp } from "@/lib/api/operations/drift";
import { driftOrThrow } from "@/lib/drift/api-service";

export const GET = apiHandler(getDriftOp, async ({ params }) => driftOrThrow(params.id));
