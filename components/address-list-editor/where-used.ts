import type { Rule } from "@/lib/rules/schema";

export type ListUse = { id: string; position: number; side: "source" | "destination" };

/** For each list name, the rules that reference it, in rule order. */
export function listUsage(rules: readonly Rule[]): Map<string, ListUse[]> {
  const uses = new Map<string, ListUse[]>();
  rules.forEach((rule, i) => {
    for (const [key, side] of [
      ["src", "source"],
      ["dst", "destination"],
    ] as const) {
      const m = rule[key];
      if (m.kind !== "list") continue;
      const list = uses.get(m.list) ?? [];
      list.push({ id: rule.id, position: i + 1, side });
      uses.set(m.list, list);
    }
  });
  return uses;
}

/** The rules with every reference to list `from` pointed at `to`; untouched rules stay the same objects. */
export function renameListInRules(rules: readonly Rule[], from: string, to: string): Rule[] {
  return rules.map((rule) => {
    const src = rule.src.kind === "list" && rule.src.list === from ? { ...rule.src, list: to } : rule.src;
    const dst = rule.dst.kind === "list" && rule.dst.list === from ? { ...rule.dst, list: to } : rule.dst;
    return src === rule.src && dst === rule.dst ? rule : { ...rule, src, dst };
  });
}
