import type { Refusal } from "@/lib/rulesets/outcome";
import { ApiError, failureError } from "./errors";

/**
 * Expected refusals of the rule-set verbs as API errors (the code is the refusal's own). `pathOf` maps lib issue
 * paths to request-body paths (content issues "rules.3.src" are "content.rules.3.src" in a PUT body).
 */
export function refusalError(r: Refusal, pathOf: (path: string) => string = (p) => p): ApiError {
  const issues = r.kind === "invalid" ? r.issues.map((i) => ({ path: pathOf(i.path), message: i.message })) : undefined;
  return failureError(
    { ok: false, code: r.code, message: r.message, issues },
    r.kind === "stale" ? { "x-rampart-head-revision": String(r.currentRevision) } : undefined,
  );
}

/** Meta fields stay where they are; everything else sits under `content` in save bodies. */
export function contentBodyPath(path: string): string {
  return path === "name" || path === "description" || path === "message" || path === "" ? path : `content.${path}`;
}
