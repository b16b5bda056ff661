import { analyzeForApi } from "@/lib/analysis/api-service";
import { apiHandler } from "@/lib/api/operation";
import { analyzeOp } from "@/lib/api/operations/analysis";

export const POST = apiHandler(analyzeOp, async ({ rawBody }) => analyzeForApi(rawBody!));
