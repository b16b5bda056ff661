import { expect, test } from "vitest";
import { ruleSetContentSchema } from "@/lib/rules/schema";
import { heavyOverlapRuleSet, sampleRuleSet } from "./sample-rule-set";

test("the benchmark rule set is valid content of the requested size", () => {
  const content = sampleRuleSet(600, 3);
  expect(content.rules).toHaveLength(600);
  expect(ruleSetContentSchema.safeParse(content).success).toBe(true);
});

test("the heavy-overlap rule set is valid content of the requested size", () => {
  const content = heavyOverlapRuleSet(600, 3);
  expect(content.rules).toHaveLength(600);
  const parsed = ruleSetContentSchema.safeParse(content);
  expect(parsed.error?.issues.slice(0, 3) ?? []).toEqual([]);
});
