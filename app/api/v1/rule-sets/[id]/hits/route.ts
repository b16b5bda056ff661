import { apiHandler } from "@/lib/api/operation";
import { ruleSetHitsOp } from "@/lib/api/operations/hits";
import { ruleSetHitsForApi } from "@/lib/hits/api-service";

export const GET = apiHandler(ruleSetHitsOp, async ({ params }) => ruleSetHitsForApi(params.id));
