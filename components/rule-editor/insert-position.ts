import type { Rule } from "@/lib/rules/schema";

/** Where "Add to table" puts a new rule: the ends, or next to the focused rule. */
export type InsertAt = "end" | "top" | "above" | "below";

/**
 * The index a new rule goes to. "above"/"below" name a rule by id; if that rule is gone meanwhile, the end is
 * the safe place. "above" is the default with a rule focused: the end of a set usually holds its final drop,
 * and a rule below it would never match.
 */
export function insertIndex(rules: readonly Rule[], activeRuleId: string | null, insertAt: InsertAt): number {
  if (insertAt === "top") return 0;
  const at = activeRuleId ? rules.findIndex((r) => r.id === activeRuleId) : -1;
  if (at < 0 || insertAt === "end") return rules.length;
  return insertAt === "above" ? at : at + 1;
}
