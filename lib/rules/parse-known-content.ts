import { formatIssues, type FormattedIssue } from "./format-issues";
import { ruleSetContentSchema, type Rule, type RuleSetContent } from "./schema";
import { contentIssues } from "./validate-content";
import { natContentIssues } from "./validate-nat";

export type KnownContentResult = { success: true; data: RuleSetContent } | { success: false; issues: FormattedIssue[] };

/**
 * ruleSetContentSchema's verdict on `input`, parsing only the rules `known` does not vouch for. A known rule is
 * one the schema already accepted and produced exactly so (the editor: the same object the server sent; the
 * server: the same JSON as the stored working-copy row), so it is taken as it is. Checks across the set (ids,
 * list references) still run over every rule. Issue paths point at each rule's place in the whole input.
 * Re-parsing 5,000 unchanged rules was most of a one-toggle save's validation, in the browser and the server.
 */
export function parseKnownContent(input: unknown, known: (rule: unknown) => boolean): KnownContentResult {
  const rules = isRecord(input) && Array.isArray(input.rules) ? (input.rules as unknown[]) : null;
  if (!rules || !isRecord(input)) return full(input);
  const edited = rules.flatMap((rule, i) => (known(rule) ? [] : [i]));
  if (edited.length === rules.length) return full(input);
  const parsed = ruleSetContentSchema.safeParse({
    rules: edited.map((i) => rules[i]),
    addressLists: input.addressLists,
    // NAT rules are few and always parsed whole; without them here a save would drop them.
    ...(input.nat === undefined ? {} : { nat: input.nat }),
  });
  const issues: FormattedIssue[] = [];
  const seen = new Set<string>();
  const add = (i: FormattedIssue) => {
    const key = `${i.path}\n${i.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(i);
  };
  if (!parsed.success) {
    for (const i of formatIssues(parsed.error)) {
      const [head, k, ...rest] = i.path.split(".");
      add(head === "rules" && k !== undefined ? { ...i, path: ["rules", edited[Number(k)], ...rest].join(".") } : i);
    }
    // Across the set only when each piece parsed: the checks read ids and list references of valid rules.
    return { success: false, issues };
  }
  const merged = [...(rules as Rule[])];
  edited.forEach((at, k) => (merged[at] = parsed.data.rules[k]));
  const content: RuleSetContent = parsed.data.nat
    ? { rules: merged, addressLists: parsed.data.addressLists, nat: parsed.data.nat }
    : { rules: merged, addressLists: parsed.data.addressLists };
  for (const i of [...contentIssues(content), ...natContentIssues(content)])
    add({ path: i.path.map(String).join("."), message: i.message });
  return issues.length > 0 ? { success: false, issues } : { success: true, data: content };
}

function full(input: unknown): KnownContentResult {
  const r = ruleSetContentSchema.safeParse(input);
  return r.success ? { success: true, data: r.data } : { success: false, issues: formatIssues(r.error) };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
