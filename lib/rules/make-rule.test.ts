import { expect, test } from "vitest";
import { makeRule } from "./make-rule";
import { ruleSchema } from "./schema";

test("a new rule is valid, enabled and accepts anything on input", () => {
  const r = makeRule();
  expect(ruleSchema.parse(r)).toEqual(r);
  expect(r).toMatchObject({ chain: "input", action: "accept", family: "both", protocol: "any", enabled: true });
  expect(r.id).toMatch(/^r[a-z0-9]{10}$/);
});

test("given fields win, the id is always fresh", () => {
  const r = makeRule({ action: "drop", chain: "output", ...({ id: "rsneaky1" } as object) }, () => "rfixed01");
  expect(r).toMatchObject({ id: "rfixed01", action: "drop", chain: "output" });
});
