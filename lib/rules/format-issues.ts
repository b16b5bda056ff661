import type { z } from "zod";

export type FormattedIssue = { path: string; message: string };

/** Zod issues as { path: "rules.3.src.values.0", message } for forms and API error bodies; "" is the root. */
export function formatIssues(error: z.ZodError): FormattedIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}
