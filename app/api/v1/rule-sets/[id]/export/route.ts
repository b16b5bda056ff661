import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { exportRuleSetOp } from "@/lib/api/operations/rule-sets";
import { exportFileName, exportRuleSet } from "@/lib/rulesets/export-rule-set";
import { getRuleSet } from "@/lib/rulesets/get-rule-set";

export const GET = apiHandler(exportRuleSetOp, async ({ params, query }) => {
  const set = await getRuleSet(params.id);
  if (!set) throw new ApiError("not_found", "No rule set with that id.");
  const revision = query.revision ?? set.headRevision;
  const file = await exportRuleSet(params.id, revision);
  if (!file) throw new ApiError("not_found", `No revision ${revision} of that rule set.`);
  return new NextResponse(JSON.stringify(file, null, 2) + "\n", {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(file.ruleSet.name, revision)}"`,
      "cache-control": "no-store",
    },
  });
});
