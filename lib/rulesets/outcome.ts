import type { Failure } from "@/lib/failure";
import type { FormattedIssue } from "@/lib/rules/format-issues";

/**
 * Expected refusals of the rule-set verbs, as values: each is a Failure (lib/failure) whose code follows from
 * its kind; the kind is the finer reason the editor shows (a stale base offers a reload).
 */
export type InvalidRefusal = Failure<"validation_failed"> & { kind: "invalid"; issues: FormattedIssue[] };
export type Refusal =
  | InvalidRefusal
  | (Failure<"conflict"> & { kind: "stale"; currentRevision: number })
  | (Failure<"bad_request"> & { kind: "unchanged"; currentRevision: number })
  | (Failure<"not_found"> & { kind: "not_found" });

export function invalid(issues: FormattedIssue[], message?: string): InvalidRefusal {
  const n = issues.length;
  return {
    ok: false,
    code: "validation_failed",
    kind: "invalid",
    message: message ?? `Not saved: ${n === 1 ? "1 problem needs" : `${n} problems need`} fixing.`,
    issues,
  };
}

/** The editor started from a revision that is no longer the head: the refusal offers a reload. */
export function staleBase(base: { message: string; currentRevision: number }): Refusal {
  return { ok: false, code: "conflict", kind: "stale", message: base.message, currentRevision: base.currentRevision };
}

export const ruleSetNotFound: Refusal = {
  ok: false,
  code: "not_found",
  kind: "not_found",
  message: "That rule set does not exist (it may have been deleted).",
};

/** Prisma's unique-constraint error, or SQLite's own from a plain statement (lib/db/direct-sql). */
export function isUniqueViolation(err: unknown): boolean {
  const code = typeof err === "object" && err !== null && "code" in err ? (err as { code: unknown }).code : undefined;
  return code === "P2002" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

export function nameTaken(name: string): FormattedIssue {
  return { path: "name", message: `a rule set named '${name}' already exists` };
}
