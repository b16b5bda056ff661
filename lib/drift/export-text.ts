import type { Vendor } from "@/lib/routers/driver";
import { revisionRef, revisionText } from "@/lib/push/revision-content";
import { issueText } from "@/lib/push/preview";
import { runOffThread } from "@/lib/workers/pool";
import type { Failure } from "@/lib/failure";

export type TextExport =
  { ok: true; filename: string; mediaType: string; text: string } | Failure<"not_found" | "validation_failed">;

/**
 * A revision as the text a vendor's admins paste by hand (RouterOS script, `uci export`). Reading the stored
 * revision and writing the text take seconds for a large rule set, so both run on a worker thread.
 */
export async function exportRuleSetText(ruleSetId: string, vendor: Vendor, revision?: number): Promise<TextExport> {
  const [rev, ref] = await Promise.all([revisionText(ruleSetId, revision), revisionRef(ruleSetId, revision)]);
  if (!rev || !ref)
    return {
      ok: false,
      code: "not_found",
      message: revision ? `revision ${revision} not found` : "rule set not found",
    };
  const r = await runOffThread("exportText", {
    vendor,
    stored: { text: rev.text, where: `revision ${rev.id}` },
    meta: { name: ref.ruleSetName, revision: rev.number },
  });
  if (r.ok) return r;
  return {
    ok: false,
    code: "validation_failed",
    message: `${r.issues.length === 1 ? "a rule" : `${r.issues.length} rules`} cannot be written for this router: ${issueText(r.issues[0])}`,
    issues: r.issues.map((i) => ({
      path: i.ruleIndex !== null ? `rules.${i.ruleIndex}.${i.field}` : i.field,
      message: i.message,
    })),
  };
}

/** Reads such a text back into a rule set's content (what could not be read is listed); on a worker thread. */
export function importRuleSetText(vendor: Vendor, text: string) {
  return runOffThread("importText", { vendor, text });
}
