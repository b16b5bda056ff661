import { apiHandler } from "@/lib/api/operation";
import { refreshRuleSetHitsOp } from "@/lib/api/operations/hits";
import { refreshRuleSetHitsForApi } from "@/lib/hits/api-service";

export const POST = apiHandler(refreshRuleSetHitsOp, async ({ params }) => refreshRuleSetHitsForApi(params.id));
