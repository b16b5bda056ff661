import type { FormattedIssue } from "@/lib/rules/format-issues";

/** Expected refusals of the rule-set verbs, as values; the action and the API map them to their own shapes. */
export type InvalidRefusal = { ok: false; kind: "invalid"; message: string; issues: FormattedIssue[] };
export type Refusal =
  | InvalidRefusal
  | { ok: false; kind: "stale"; message: string; currentRevision: number }
  | { ok: false; kind: "unchanged"; message: string; currentRevision: number }
  | { ok: false; kind: "not_found"; message: string };

export function invalid(issues: FormattedIssue[], message?: string): InvalidRefusal {
  const n = issues.length;
  return { ok: false, kind: "invalid", message: message ?? `Not saved: ${n === 1 ? "1 problem needs" : `${n} problems need`} fixing.`, issues };
}

export const ruleSetNotFound: Refusal = { ok: false, kind: "not_found", message: "That rule set does not exist (it may have been deleted)." };

/** Prisma's unique-constraint error, or SQLite's own from a plain statement (lib/db/direct-sql). */
export function isUniqueViolation(err: unknown): boolean {
  const code = typeof err === "object" && err !== null && "code" in err ? (err as { code: unknown }).code : undefined;
  return code === "P2002" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

export function nameTaken(name: string): FormattedIssue {
  return { path: "name", message: `a rule set named '${name}' already exists` };
}
