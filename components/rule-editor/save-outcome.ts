import type { Rule, RuleSetContent } from "@/lib/rules/schema";

/** A problem from a save attempt, resolved to what the admin can open: a rule, an address list, or the set. */
export type PlacedIssue = { ruleId?: string; position?: number; list?: string; path: string; message: string };

export type SaveOutcome =
  | { kind: "saved"; revision: number }
  | { kind: "stale"; message: string; currentRevision: number }
  | { kind: "invalid"; message: string; issues: PlacedIssue[] }
  | { kind: "denied"; message: string }
  | { kind: "error"; message: string };

/**
 * Issue paths are relative to the content that was sent ("rules.3.src.values.0"). Index 3 means the fourth
 * rule *of that content*, so paths are resolved against the sent snapshot to a rule id, which stays right
 * while the admin keeps editing. `path` becomes relative to the rule or list.
 */
export function placeIssues(sent: RuleSetContent, issues: { path: string; message: string }[]): PlacedIssue[] {
  return issues.map((issue) => {
    const [head, index, ...rest] = issue.path.split(".");
    if (head === "rules" && sent.rules[Number(index)]) {
      const rule: Rule = sent.rules[Number(index)];
      return { ruleId: rule.id, position: Number(index) + 1, path: rest.join("."), message: issue.message };
    }
    if (head === "addressLists" && sent.addressLists[Number(index)]) {
      return { list: sent.addressLists[Number(index)].name, path: rest.join("."), message: issue.message };
    }
    return { path: issue.path, message: issue.message };
  });
}
