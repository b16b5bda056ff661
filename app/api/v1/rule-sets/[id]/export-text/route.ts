import { NextResponse } from "next/server";
import { failureError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { exportTextOp } from "@/lib/api/operations/drift";
import { exportRuleSetText } from "@/lib/drift/export-text";

export const GET = apiHandler(exportTextOp, async ({ params, query }) => {
  const r = await exportRuleSetText(params.id, query.vendor, query.revision);
  if (!r.ok) throw failureError(r);
  return new NextResponse(r.text, {
    headers: {
      "content-type": r.mediaType,
      "content-disposition": `attachment; filename="${r.filename}"`,
      "cache-control": "no-store",
    },
  });
});
