import { expect, test } from "vitest";
import { newRuleId } from "./new-id";
import { ruleIdSchema } from "./schema";

test("ids are 'r' plus 10 lowercase letters or digits and pass the schema", () => {
  for (let i = 0; i < 200; i++) {
    const id = newRuleId();
    expect(id).toMatch(/^r[a-z0-9]{10}$/);
    expect(ruleIdSchema.safeParse(id).success).toBe(true);
  }
});

test("ids do not repeat", () => {
  const ids = new Set(Array.from({ length: 5000 }, newRuleId));
  expect(ids.size).toBe(5000);
});

test("every character of the alphabet turns up", () => {
  const chars = new Set(Array.from({ length: 2000 }, newRuleId).flatMap((id) => [...id.slice(1)]));
  expect(chars.size).toBe(36);
});
