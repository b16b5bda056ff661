import { testRouterPacketForApi } from "@/lib/analysis/api-service";
import { packetInput } from "@/lib/analysis/packet-fields";
import { validationError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { routerPacketTestOp } from "@/lib/api/operations/analysis";
import { packetSchema } from "@/lib/rules/analysis";

export const GET = apiHandler(routerPacketTestOp, async ({ params, query }) => {
  const packet = packetSchema.safeParse(packetInput(query));
  if (!packet.success) throw validationError(packet.error, "query");
  return testRouterPacketForApi(params.id, packet.data);
});
