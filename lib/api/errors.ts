import { NextResponse } from "next/server";
import { z } from "zod";
import { FAILURE_CODES, type Failure, type FailureCode } from "@/lib/failure";

/**
 * The one place a failure code becomes an HTTP status. The codes are lib/failure's closed list; every error
 * response has the shape { error: { code, message, issues? } }.
 */
export const API_ERRORS: Record<FailureCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  length_required: 411,
  payload_too_large: 413,
  validation_failed: 422,
  rate_limited: 429,
  router_error: 502,
  internal: 500,
};
export type ApiErrorCode = FailureCode;

export const apiIssueSchema = z.object({ path: z.string(), message: z.string() });
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(FAILURE_CODES),
    message: z.string(),
    issues: z.array(apiIssueSchema).optional(),
  }),
});
export type ApiIssue = z.infer<typeof apiIssueSchema>;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** An expected failure from a service, thrown as the API's error (its status comes from API_ERRORS). */
export function failureError(f: Failure, headers?: Record<string, string>): ApiError {
  return new ApiError(
    f.code,
    f.message,
    f.issues?.map((i) => ({ path: i.path, message: i.message })),
    headers,
  );
}

/** The success value of a service result, or its failure thrown as the API's error. */
export function orThrow<R extends { ok: true } | Failure>(r: R): Exclude<R, { ok: false }> {
  if (!r.ok) throw failureError(r as Failure);
  return r as Exclude<R, { ok: false }>;
}

export function zodIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

export function validationError(error: z.ZodError, where = "body"): ApiError {
  return new ApiError("validation_failed", `The request ${where} is not valid.`, zodIssues(error));
}

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof ApiError) {
    return NextResponse.json(
      { error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } },
      { status: API_ERRORS[err.code], headers: err.headers },
    );
  }
  // Internals stay on the server; the client gets a generic message and a reference to find the log line.
  const ref = Math.random().toString(36).slice(2, 10);
  console.error(`[api] internal error ref=${ref}:`, err instanceof Error ? err.message : "unknown");
  return NextResponse.json({ error: { code: "internal", message: `Internal error (ref ${ref}).` } }, { status: 500 });
}
