import { ruleSetContentSchema, type RuleSetContent } from "@/lib/rules/schema";

/**
 * Stored snapshots are JSON text; they are parsed with the schema on every read, never cast. A snapshot that no
 * longer parses is corruption or a schema change without a migration: a bug, so it throws.
 */
export function parseStoredContent(json: string, where: string): RuleSetContent {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`${where}: stored content is not JSON`);
  }
  const parsed = ruleSetContentSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `${where}: stored content does not match the rule-set schema (${parsed.error.issues[0]?.message ?? "unknown"})`,
    );
  return parsed.data;
}

/** Revision ids whose stored text parsed: revisions are never updated, so once is enough. */
const checkedRevisions = new Set<string>();
const MAX_CHECKED = 10_000;

/** The stored text of revision `revisionId`, after parseStoredContent accepted it (once per revision and process). */
export function checkedContentText(revisionId: string, json: string, where: string): string {
  if (!checkedRevisions.has(revisionId)) {
    parseStoredContent(json, where);
    if (checkedRevisions.size >= MAX_CHECKED) checkedRevisions.clear();
    checkedRevisions.add(revisionId);
  }
  return json;
}
