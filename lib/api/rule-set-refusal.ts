import type { FormattedIssue } from "@/lib/rules/format-issues";
import type { Refusal } from "@/lib/rulesets/outcome";
import { ApiError } from "./errors";

/**
 * Expected refusals of the rule-set verbs as API errors. `pathOf` maps lib issue paths to request-body paths
 * (content issues "rules.3.src" are "content.rules.3.src" in a PUT body).
 */
export function refusalError(r: Refusal, pathOf: (path: string) => string = (p) => p): ApiError {
  switch (r.kind) {
    case "stale":
      return new ApiError("conflict", r.message, undefined, { "x-rampart-head-revision": String(r.currentRevision) });
    case "unchanged":
      return new ApiError("bad_request", r.message);
    case "not_found":
      return new ApiError("not_found", r.message);
    case "invalid":
      return new ApiError("validation_failed", r.message, r.issues.map((i: FormattedIssue) => ({ path: pathOf(i.path), message: i.message })));
  }
}

/** Meta fields stay where they are; everything else sits under `content` in save bodies. */
export function contentBodyPath(path: string): string {
  return path === "name" || path === "description" || path === "message" || path === "" ? path : `content.${path}`;
}
