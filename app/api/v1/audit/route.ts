import { apiHandler } from "@/lib/api/operation";
import { listAuditOp } from "@/lib/api/operations/audit";
import { queryAudit } from "@/lib/audit/query";

export const GET = apiHandler(listAuditOp, async ({ query }) => queryAudit(query));
