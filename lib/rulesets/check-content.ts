import { parseJsonBody, type ParsedBody } from "@/lib/api/parse-body";
import { parseRuleSetExport } from "@/lib/rules/export-format";
import type { FormattedIssue } from "@/lib/rules/format-issues";
import { parseKnownContent, type KnownContentResult } from "@/lib/rules/parse-known-content";
import type { RuleSetMeta } from "@/lib/rules/schema";
import { canonicalTexts, type CanonicalTexts } from "./content-hash";
import { withRawGrammar } from "./raw-grammar-verdict";
import type { z } from "zod";

/**
 * Checking a whole rule set's content (10,000 rules take seconds) runs on a worker thread (lib/workers): these
 * pure functions are that thread's side. The request thread gets the verdict (validateRuleSetInput's
 * `checked`) and does not parse the rules again; the verdict is the one parseKnownContent gives, so issue
 * paths and messages are those of a check on the request thread.
 */

/**
 * The verdict on content that a schema holding ruleSetContentSchema's rules already produced (an API body, an
 * export file): each rule is taken as that schema made it (parseKnownContent's "known"), the checks across the
 * set run over all of them.
 */
export function schemaOutputVerdict(content: unknown): KnownContentResult {
  return withRawGrammar(parseKnownContent(content, () => true));
}

/**
 * The content's verdict and, when valid, its canonical texts (what the write stores and hashes; 150 ms of a
 * 10,000-rule write otherwise). Sent in one message, so the texts' keys are the verdict's own rule objects.
 */
export type CheckedContent = { checked: KnownContentResult; texts?: CanonicalTexts };

export function withTexts(checked: KnownContentResult): CheckedContent {
  return checked.success ? { checked, texts: canonicalTexts(checked.data) } : { checked };
}

export type CheckedExport =
  ({ ok: true; meta: RuleSetMeta } & CheckedContent) | { ok: false; issues: FormattedIssue[] };

/** An export file's decoded JSON, read and its content checked (importRuleSet's whole check). */
export function checkExportFile(json: unknown): CheckedExport {
  const parsed = parseRuleSetExport(json);
  if (!parsed.ok) return parsed;
  return { ok: true, meta: parsed.meta, ...withTexts(schemaOutputVerdict(parsed.content)) };
}

/**
 * A create or save request's JSON text: the body checked against the operation's schema, then its content
 * (or, for an import, the export file in it) checked. The content comes back only inside the verdict, so it
 * is copied between threads once; `body.content` / `body.file` are left out.
 */
export type CheckedRuleSetBody =
  | Exclude<ParsedBody, { ok: true }>
  | ({ ok: true; body: Record<string, unknown>; file?: CheckedExport } & Partial<CheckedContent>);

export function checkRuleSetBody(schema: z.ZodType, text: string): CheckedRuleSetBody {
  const parsed = parseJsonBody(schema, text);
  if (!parsed.ok) return parsed;
  const body = parsed.data as Record<string, unknown>;
  if (body.source === "import")
    return { ok: true, body: { ...body, file: undefined }, file: checkExportFile(body.file) };
  if (body.content === undefined) return { ok: true, body };
  return { ok: true, body: { ...body, content: undefined }, ...withTexts(schemaOutputVerdict(body.content)) };
}
