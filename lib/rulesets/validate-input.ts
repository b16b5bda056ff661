import { formatIssues, type FormattedIssue } from "@/lib/rules/format-issues";
import { parseKnownContent, type KnownContentResult } from "@/lib/rules/parse-known-content";
import { ruleSetMetaSchema, type RuleSetContent, type RuleSetMeta } from "@/lib/rules/schema";
import { multilineTextSchema } from "@/lib/validation/text-rules";
import { withRawGrammar } from "./raw-grammar-verdict";

export const revisionMessageSchema = multilineTextSchema("message", 500);

export type ValidInput = { meta: RuleSetMeta; content: RuleSetContent; message: string };
export type ValidateResult = ({ ok: true } & ValidInput) | { ok: false; issues: FormattedIssue[] };

/**
 * The same checks for the editor, the API, imports and templates. Meta issues are "name"/"description"/"message";
 * content issues keep their content-relative paths ("rules.3.src").
 */
export function validateRuleSetInput(
  input: { name: unknown; description: unknown; content: unknown; message?: unknown },
  /** Rules the schema already accepted exactly so (see parseKnownContent); by default none. */
  knownRule: (rule: unknown) => boolean = () => false,
  /**
   * The content's verdict when a worker thread already reached it (lib/rulesets/check-content.ts): the same
   * parseKnownContent, run off the request thread; `input.content` is then not read.
   */
  checked?: KnownContentResult,
): ValidateResult {
  const meta = ruleSetMetaSchema.safeParse({ name: input.name, description: input.description ?? "" });
  const message = revisionMessageSchema.safeParse(input.message ?? "");
  const content = checked ?? withRawGrammar(parseKnownContent(input.content, knownRule), knownRule);
  const issues: FormattedIssue[] = [
    ...(meta.success ? [] : formatIssues(meta.error)),
    ...(message.success
      ? []
      : formatIssues(message.error).map((i) => ({ ...i, path: i.path === "" ? "message" : i.path }))),
    ...(content.success ? [] : content.issues),
  ];
  if (!meta.success || !message.success || !content.success) return { ok: false, issues };
  return { ok: true, meta: meta.data, content: content.data, message: message.data.trim() };
}

/** "1 problem" / "3 problems", for the summary line above field messages. */
export function problemsText(issues: readonly unknown[]): string {
  return issues.length === 1 ? "1 problem" : `${issues.length} problems`;
}
