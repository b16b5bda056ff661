import type { Vendor } from "@/lib/routers/driver";
import { getDriver } from "@/lib/routers/registry";
import { findRevision } from "@/lib/push/revision-content";
import { issueText } from "@/lib/push/preview";

export type TextExport = { ok: true; filename: string; mediaType: string; text: string } | { ok: false; code: "not_found" | "validation_failed"; message: string; issues?: { path: string; message: string }[] };

/** A revision as the text a vendor's admins paste by hand (RouterOS script, `uci export`). */
export async function exportRuleSetText(ruleSetId: string, vendor: Vendor, revision?: number): Promise<TextExport> {
  const rev = await findRevision(ruleSetId, revision);
  if (!rev) return { ok: false, code: "not_found", message: revision ? `revision ${revision} not found` : "rule set not found" };
  const planner = getDriver(vendor).planner;
  if (!planner?.exportText) return { ok: false, code: "not_found", message: "this export is not available yet" };
  const r = planner.exportText(rev.content, { name: rev.ruleSetName, revision: rev.number });
  if (r.ok) return r;
  return {
    ok: false,
    code: "validation_failed",
    message: `${r.issues.length === 1 ? "a rule" : `${r.issues.length} rules`} cannot be written for this router: ${issueText(r.issues[0])}`,
    issues: r.issues.map((i) => ({ path: i.ruleIndex !== null ? `rules.${i.ruleIndex}.${i.field}` : i.field, message: i.message })),
  };
}

/** Reads such a text back into a rule set's content (what could not be read is listed). */
export function importRuleSetText(vendor: Vendor, text: string) {
  const planner = getDriver(vendor).planner;
  if (!planner?.importText) return null;
  return planner.importText(text);
}
