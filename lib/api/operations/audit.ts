import { z } from "zod";
import { auditEventSchema, auditFilterSchema } from "@/lib/audit/query";
import { defineOperation } from "../operation";

export const listAuditOp = defineOperation({
  id: "listAuditEvents",
  method: "GET",
  path: "/api/v1/audit",
  summary: "The append-only audit log, newest first (admins)",
  tag: "Audit",
  role: "admin",
  query: auditFilterSchema,
  response: z.object({ total: z.number(), events: z.array(auditEventSchema) }),
});
