import { checkRawRule } from "@/lib/routers/raw-rules";
import type { FormattedIssue } from "@/lib/rules/format-issues";
import type { KnownContentResult } from "@/lib/rules/parse-known-content";
import type { RuleSetContent } from "@/lib/rules/schema";

/**
 * The content's verdict with each raw rule also checked against its vendor's grammar, so a typo in a raw rule's
 * props is refused at the save, at the property (`rules.3.raw.props.action`), as the editor already shows it,
 * instead of being stored and refused at every preview. `asStored` rules were checked when they were stored.
 */
export function withRawGrammar(
  verdict: KnownContentResult,
  asStored: (rule: unknown) => boolean = () => false,
): KnownContentResult {
  if (!verdict.success) return verdict;
  const issues = rawGrammarIssues(verdict.data, asStored);
  return issues.length > 0 ? { success: false, issues } : verdict;
}

function rawGrammarIssues(content: RuleSetContent, asStored: (rule: unknown) => boolean): FormattedIssue[] {
  const issues: FormattedIssue[] = [];
  const check = (at: string, raw: Parameters<typeof checkRawRule>[0], ...how: [RuleFamily, "rule" | "nat"]) => {
    for (const p of checkRawRule(raw, ...how)) issues.push({ path: `${at}.raw.${p.field}`, message: p.message });
  };
  content.rules.forEach((rule, i) => {
    if (rule.raw && !asStored(rule)) check(`rules.${i}`, rule.raw, rule.family, "rule");
  });
  content.nat?.forEach((n, i) => {
    if (n.raw) check(`nat.${i}`, n.raw, "ipv4", "nat");
  });
  return issues;
}

type RuleFamily = RuleSetContent["rules"][number]["family"];
