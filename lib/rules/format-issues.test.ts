import { expect, test } from "vitest";
import { z } from "zod";
import { formatIssues } from "./format-issues";
import { ruleSetContentSchema } from "./schema";
import { content, rule } from "@/tests/support/rule-fixtures";

test("dot paths with array indexes", () => {
  const result = ruleSetContentSchema.safeParse(
    content([
      rule(),
      rule({ id: "rtest002", family: "ipv4", src: { kind: "addresses", values: ["2001:db8::1"], negate: false } }),
    ]),
  );
  expect(result.success).toBe(false);
  expect(formatIssues(result.error!)).toEqual([
    { path: "rules.1.src.values.0", message: "an IPv6 address in an ipv4 rule" },
  ]);
});

test("root issues have an empty path", () => {
  const result = z.string().safeParse(5);
  expect(formatIssues(result.error!)).toEqual([
    { path: "", message: "Invalid input: expected string, received number" },
  ]);
});

test("symbol keys are printed", () => {
  const error = new z.ZodError([{ code: "custom", path: ["a", Symbol("b"), 2], message: "x", input: undefined }]);
  expect(formatIssues(error)).toEqual([{ path: "a.Symbol(b).2", message: "x" }]);
});
