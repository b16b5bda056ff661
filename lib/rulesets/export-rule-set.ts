import { exportRuleSet as toExport, type RuleSetExport } from "@/lib/rules/export-format";
import { db } from "@/lib/db/client";
import { getRevision } from "./get-revision";

/** The JSON export (with formatVersion) of the head revision, or of a given revision. */
export async function exportRuleSet(ruleSetId: string, number?: number): Promise<RuleSetExport | null> {
  const set = await db.ruleSet.findUnique({ where: { id: ruleSetId }, select: { headRevision: true } });
  if (!set) return null;
  const rev = await getRevision(ruleSetId, number ?? set.headRevision);
  if (!rev) return null;
  return toExport({ name: rev.name, description: rev.description }, rev.content);
}

/** A file name that is safe in a Content-Disposition header. */
export function exportFileName(name: string, revision: number): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "rule-set";
  return `${base}.r${revision}.rampart.json`;
}
