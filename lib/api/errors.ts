import { NextResponse } from "next/server";
import { z } from "zod";

/** The closed list of API error codes; every error response has the shape { error: { code, message, issues? } }. */
export const API_ERRORS = {
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
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

export const apiIssueSchema = z.object({ path: z.string(), message: z.string() });
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]]),
    message: z.string(),
    issues: z.array(apiIssueSchema).optional(),
  }),
});
export type ApiIssue = z.infer<typeof apiIssueSchema>;

export class ApiError extends Error {
  constructor(readonly code: ApiErrorCode, message: string, readonly issues?: ApiIssue[], readonly headers?: Record<string, string>) {
    super(message);
  }
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
