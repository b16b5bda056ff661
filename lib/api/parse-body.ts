import type { z } from "zod";
import { findLoneSurrogate, LONE_SURROGATE_MESSAGE } from "@/lib/http/well-formed";
import type { ApiIssue } from "./errors";

export type ParsedBody =
  | { ok: true; data: unknown }
  | { ok: false; code: "bad_request" | "validation_failed"; message: string; issues?: ApiIssue[] };

/**
 * A JSON request body checked against an operation's schema. Pure, so it runs on the request thread or, for
 * operations whose bodies can be large (a whole rule set), on a worker thread (lib/workers).
 */
export function parseJsonBody(schema: z.ZodType, text: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: "bad_request", message: "The request body is not valid JSON." };
  }
  const at = findLoneSurrogate(json);
  if (at)
    return {
      ok: false,
      code: "validation_failed",
      message: "The request body is not valid.",
      issues: [{ path: at.join("."), message: LONE_SURROGATE_MESSAGE }],
    };
  const r = schema.safeParse(json);
  if (!r.success)
    return {
      ok: false,
      code: "validation_failed",
      message: "The request body is not valid.",
      issues: r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    };
  return { ok: true, data: r.data };
}
