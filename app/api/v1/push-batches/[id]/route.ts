import { apiHandler } from "@/lib/api/operation";
import { getBatchOp } from "@/lib/api/operations/push";
import { batchOrThrow } from "@/lib/push/api-service";

export const GET = apiHandler(getBatchOp, async ({ params }) => batchOrThrow(params.id));
