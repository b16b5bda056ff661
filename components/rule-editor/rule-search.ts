import { describeRule } from "@/lib/rules/describe";
import type { Chain, Rule } from "@/lib/rules/schema";

// Rules are immutable, so a rule object's text never changes: cache per object, not per id.
const sentences = new WeakMap<Rule, string>();
const haystacks = new WeakMap<Rule, string>();

export function ruleSentence(rule: Rule): string {
  let s = sentences.get(rule);
  if (s === undefined) sentences.set(rule, (s = describeRule(rule)));
  return s;
}

function haystack(rule: Rule): string {
  let h = haystacks.get(rule);
  if (h === undefined) {
    const words = [ruleSentence(rule), rule.comment];
    for (const m of [rule.src, rule.dst]) {
      if (m.kind === "addresses") words.push(...m.values);
      if (m.kind === "list") words.push(m.list);
    }
    haystacks.set(rule, (h = words.join("\n").toLowerCase()));
  }
  return h;
}

export type RuleFilter = { text: string; chain: Chain | "all" };
export type ShownRule = { rule: Rule; index: number };

export function isFiltering(f: RuleFilter): boolean {
  return f.text.trim() !== "" || f.chain !== "all";
}

/** Rules matching every word of the search (description, comment, addresses, list names) and the chain. */
export function filterRules(rules: readonly Rule[], f: RuleFilter): ShownRule[] {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  const shown: ShownRule[] = [];
  rules.forEach((rule, index) => {
    if (f.chain !== "all" && rule.chain !== f.chain) return;
    if (words.length > 0) {
      const h = haystack(rule);
      if (!words.every((w) => h.includes(w))) return;
    }
    shown.push({ rule, index });
  });
  return shown;
}
