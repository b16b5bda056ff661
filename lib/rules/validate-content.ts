import type { z } from "zod";
import type { addressListSchema, ruleSchema } from "./schema";

type ContentFields = { rules: z.infer<typeof ruleSchema>[]; addressLists: z.infer<typeof addressListSchema>[] };

export type ContentIssue = { path: (string | number)[]; message: string };

/** Checks across a whole rule set: unique rule ids and list names, and list references that resolve. */
export function checkRuleSetContent(content: ContentFields, ctx: z.RefinementCtx): void {
  for (const { path, message } of contentIssues(content)) ctx.addIssue({ code: "custom", path, message });
}

/**
 * The same checks as plain values. They read only ids, list names and list references, so the editor runs them
 * over thousands of rules before a save without parsing each rule again.
 */
export function contentIssues(content: {
  rules: readonly Pick<ContentFields["rules"][number], "id" | "src" | "dst">[];
  addressLists: readonly Pick<ContentFields["addressLists"][number], "name">[];
}): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const issue = (path: (string | number)[], message: string) => void issues.push({ path, message });

  // List names compare case-insensitively: "Office" beside "office" is a trap, whatever the router allows.
  const listNames = new Map<string, string>();
  content.addressLists.forEach((list, i) => {
    const key = list.name.toLowerCase();
    const earlier = listNames.get(key);
    if (earlier === undefined) listNames.set(key, list.name);
    else if (earlier === list.name) issue(["addressLists", i, "name"], `address list '${list.name}' is defined twice`);
    else issue(["addressLists", i, "name"], `address list '${list.name}' clashes with '${earlier}'`);
  });

  // Where each id is first used, so the message names both rules by number, as people count them.
  const ruleIds = new Map<string, number>();
  content.rules.forEach((rule, i) => {
    const first = ruleIds.get(rule.id);
    if (first !== undefined)
      issue(["rules", i, "id"], `rule #${i + 1} has the same id as rule #${first + 1} ('${rule.id}')`);
    else ruleIds.set(rule.id, i);

    for (const side of ["src", "dst"] as const) {
      const match = rule[side];
      if (match.kind !== "list") continue;
      const defined = listNames.get(match.list.toLowerCase());
      if (defined === match.list) continue;
      const hint = defined === undefined ? "" : `; did you mean '${defined}'?`;
      issue(["rules", i, side, "list"], `address list '${match.list}' does not exist${hint}`);
    }
  });
  return issues;
}
