import { testPacketForApi } from "@/lib/analysis/api-service";
import { apiHandler } from "@/lib/api/operation";
import { packetTestOp } from "@/lib/api/operations/analysis";

export const POST = apiHandler(packetTestOp, async ({ rawBody }) => testPacketForApi(rawBody!));
