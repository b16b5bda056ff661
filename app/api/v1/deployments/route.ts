import { apiHandler } from "@/lib/api/operation";
import { listDeploymentsOp } from "@/lib/api/operations/push";
import { listDeployments } from "@/lib/push/queries";

export const GET = apiHandler(listDeploymentsOp, async ({ query }) => ({ deployments: await listDeployments(query) }));
