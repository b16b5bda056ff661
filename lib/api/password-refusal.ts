import type { PasswordResult } from "@/lib/users/passwords";
import { ApiError, failureError } from "./errors";

/** A refused password change as an API error, worded for the API; the status comes from the failure's code. */
export function passwordRefusal(r: Extract<PasswordResult, { ok: false }>): ApiError {
  switch (r.code) {
    case "not_found":
      return new ApiError("not_found", "No user with that id.");
    case "rate_limited":
      return new ApiError("rate_limited", `Too many wrong passwords: ${r.message}.`, r.issues);
    case "validation_failed":
      return new ApiError("validation_failed", "The request body is not valid.", r.issues);
    default:
      return failureError(r);
  }
}
