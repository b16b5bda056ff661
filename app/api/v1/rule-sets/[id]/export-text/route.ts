import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { exportTextOp } from "@/lib/api/operations/drift";
import { exportRuleSetText } from "@/lib/drift/export-text";

export const GET = apiHandler(exportTextOp, async ({ params, query }) => {
  const r = await exportRuleSetText(params.id, query.vendor, query.revision);
  if (!r.ok) throw new ApiError(r.code, r.message, r.issues);
  return new NextResponse(r.text, {
    headers: { "content-type": r.mediaType, "content-disposition": `attachment; filename="${r.filename}"`, "cache-control": "no-store" },
  });
});
