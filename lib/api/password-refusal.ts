import type { PasswordResult } from "@/lib/users/passwords";
import { ApiError } from "./errors";

/** A refused password change as an API error: the field it is about, when there is one. */
export function passwordRefusal(r: Extract<PasswordResult, { ok: false }>): ApiError {
  const issues = r.field ? [{ path: r.field, message: r.message }] : undefined;
  if (r.reason === "not-found") return new ApiError("not_found", "No user with that id.");
  if (r.reason === "rate-limited") return new ApiError("rate_limited", `Too many wrong passwords: ${r.message}.`, issues);
  return r.field ? new ApiError("validation_failed", "The request body is not valid.", issues) : new ApiError("bad_request", r.message);
}
