/**
 * The one shape of an expected failure: a value `{ ok: false, code, message, issues? }` with a code from a
 * closed list. Services return it; the API throws it as an ApiError and lib/api/errors.ts maps the code to an
 * HTTP status (the only place that does); forms show `issues` at their fields. Nothing chooses a code by
 * reading the message.
 */
export const FAILURE_CODES = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "length_required",
  "payload_too_large",
  "validation_failed",
  "rate_limited",
  "router_error",
  "internal",
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/** A problem at one place of the input: `path` is the field ("name", "rules.3.src"). */
export interface FailureIssue {
  path: string;
  message: string;
}

export interface Failure<C extends FailureCode = FailureCode> {
  ok: false;
  code: C;
  message: string;
  issues?: FailureIssue[];
}

export function failure<C extends FailureCode>(code: C, message: string, issues?: FailureIssue[]): Failure<C> {
  return issues ? { ok: false, code, message, issues } : { ok: false, code, message };
}

/** A failure about one field: the message is shown at the field and as the summary. */
export function fieldFailure<C extends FailureCode>(code: C, field: string, message: string): Failure<C> {
  return { ok: false, code, message, issues: [{ path: field, message }] };
}

/** The field a single-field failure is about, for forms that show one message per field. */
export function fieldOf(f: Failure): string | undefined {
  return f.issues?.length === 1 ? f.issues[0].path : undefined;
}
