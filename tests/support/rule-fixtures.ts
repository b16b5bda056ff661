import { makeRule } from "@/lib/rules/make-rule";
import type { AddressList, Rule, RuleSetContent } from "@/lib/rules/schema";

/** Test-only builders: a valid rule or content with the given fields changed. */
export function rule(overrides: Partial<Rule> = {}): Rule {
  const { id = "rtest001", ...fields } = overrides;
  return makeRule(fields, () => id);
}

export function content(rules: Rule[] = [], addressLists: AddressList[] = []): RuleSetContent {
  return { rules, addressLists };
}

export function list(name: string, addresses: string[] = []): AddressList {
  return { name, entries: addresses.map((address) => ({ address, comment: "" })) };
}
