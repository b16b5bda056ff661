import { apiHandler } from "@/lib/api/operation";
import { importTextOp } from "@/lib/api/operations/drift";
import { importTextForApi } from "@/lib/drift/api-service";

export const POST = apiHandler(importTextOp, async ({ principal, body }) => importTextForApi(principal!, body));
