import type { RuleSetContent } from "@/lib/rules/schema";
import type { CompileIssue, DesiredFirewall, LiveFirewall } from "../driver";

const REFERENCES = [
  { prop: "in-interface", what: "interface", side: "inInterface" },
  { prop: "out-interface", what: "interface", side: "outInterface" },
  { prop: "in-interface-list", what: "interface list", side: "inInterface" },
  { prop: "out-interface-list", what: "interface list", side: "outInterface" },
] as const;

/** How many of the router's names a message lists before "…". */
const SHOWN = 8;

/**
 * The interfaces and interface lists the rule set's rows name that the router does not have. RouterOS refuses
 * such a row with `input does not match any value of in-interface` (docs/routeros-facts.md §6), so without this
 * the preview would promise a push that fails at that op and is rolled back. Nothing is said when the read did
 * not include the names (`live.interfaceNames` absent).
 */
export function interfaceReferenceIssues(
  content: RuleSetContent,
  desired: DesiredFirewall,
  live: LiveFirewall,
): CompileIssue[] {
  const have = live.interfaceNames;
  if (!have) return [];
  const names = { interface: new Set(have.interfaces), "interface list": new Set(have.lists) };
  const ruleIndex = new Map(content.rules.map((r, i) => [r.id, i]));
  const natIndex = new Map((content.nat ?? []).map((n, i) => [n.id, i]));
  const issues: CompileIssue[] = [];
  const seen = new Set<string>();
  for (const item of desired.items) {
    if ((item.kind !== "filter" && item.kind !== "nat") || item.ruleId === null) continue;
    for (const ref of REFERENCES) {
      const value = item.fields[ref.prop];
      if (!value) continue;
      const name = value.replace(/^!/, "");
      if (names[ref.what].has(name)) continue;
      const r = ruleIndex.get(item.ruleId);
      const n = natIndex.get(item.ruleId);
      const field =
        r !== undefined
          ? content.rules[r].raw
            ? `raw.props.${ref.prop}`
            : ref.side
          : n !== undefined
            ? content.nat![n].raw
              ? `nat.${n}.raw.props.${ref.prop}`
              : `nat.${n}.${ref.side}`
            : ref.prop;
      // A rule for both families is two rows naming the same thing: one issue.
      const key = `${item.ruleId} ${field}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const list = [...names[ref.what]];
      const theirs = `${list.slice(0, SHOWN).join(", ")}${list.length > SHOWN ? ", …" : ""}`;
      issues.push({
        ruleId: item.ruleId,
        ruleIndex: r ?? null,
        field,
        message: `the router has no ${ref.what} named '${name}' (it has ${theirs || "none"}): RouterOS would refuse the rule; create it on the router, or change the rule (or its role's mapping) to one it has`,
      });
    }
  }
  return issues;
}
