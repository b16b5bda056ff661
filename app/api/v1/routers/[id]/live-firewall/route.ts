import { apiHandler } from "@/lib/api/operation";
import { liveFirewallOp } from "@/lib/api/operations/hits";
import { liveFirewallForApi } from "@/lib/hits/api-service";

export const GET = apiHandler(liveFirewallOp, async ({ params }) => liveFirewallForApi(params.id));
