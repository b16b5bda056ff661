import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createTokenSchema } from "@/lib/auth/credentials-schema";
import { routerInputSchema } from "@/lib/inventory/router-schema";
import { ruleSetMetaSchema } from "@/lib/rules/schema";
import { revisionMessageSchema } from "@/lib/rulesets/validate-input";

/** Every name and free-text field, with a valid base object: one rule must hold for all of them. */
const router = {
  name: "edge",
  vendor: "mikrotik",
  host: "127.0.0.1",
  port: 8728,
  transport: "api",
  username: "admin",
  password: "pw",
};
const FIELDS: { what: string; schema: z.ZodType; base: Record<string, unknown>; field: string; multiline: boolean }[] =
  [
    { what: "router name", schema: routerInputSchema, base: router, field: "name", multiline: false },
    { what: "router site", schema: routerInputSchema, base: router, field: "site", multiline: false },
    { what: "router username", schema: routerInputSchema, base: router, field: "username", multiline: false },
    { what: "router notes", schema: routerInputSchema, base: router, field: "notes", multiline: true },
    {
      what: "token name",
      schema: createTokenSchema,
      base: { name: "ci", role: "viewer" },
      field: "name",
      multiline: false,
    },
    {
      what: "rule-set name",
      schema: ruleSetMetaSchema,
      base: { name: "edge", description: "" },
      field: "name",
      multiline: false,
    },
    {
      what: "rule-set description",
      schema: ruleSetMetaSchema,
      base: { name: "edge", description: "" },
      field: "description",
      multiline: true,
    },
    {
      what: "revision message",
      schema: z.object({ message: revisionMessageSchema }),
      base: { message: "" },
      field: "message",
      multiline: true,
    },
  ];

const REFUSED: [string, string][] = [
  ["NUL", "a\u0000b"],
  ["escape", "a\u001b[31mb"],
  ["C1 control", "a\u0085b"],
  ["line separator", "a\u2028b"],
  ["paragraph separator", "a\u2029b"],
  ["right-to-left override", "invoice\u202Etxt.exe"],
  ["left-to-right embedding", "a\u202Ab"],
  ["right-to-left isolate", "a\u2067b"],
];

function issueAt(schema: z.ZodType, value: unknown, field: string): string | undefined {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues.find((i) => i.path.join(".") === field)?.message;
}

describe.each(FIELDS)("$what", ({ schema, base, field, multiline }) => {
  it("accepts plain text, accents and right-to-left script", () => {
    expect(schema.safeParse(base).success).toBe(true);
    expect(issueAt(schema, { ...base, [field]: "Grüße עברית edge" }, field)).toBeUndefined();
  });

  it.each(REFUSED)("refuses %s at the field, naming it", (name, value) => {
    const message = issueAt(schema, { ...base, [field]: value }, field);
    expect(message).toMatch(new RegExp(`^${field} contains a (control character|text-direction control) \\(`));
    expect(message).toContain(name === "escape" ? "U+001B" : name === "C1 control" ? "U+0085" : name);
  });

  it(multiline ? "keeps newlines" : "refuses a newline", () => {
    const message = issueAt(schema, { ...base, [field]: "line one\nline two" }, field);
    if (multiline) expect(message).toBeUndefined();
    else expect(message).toBe(`${field} contains a control character (newline)`);
  });
});

describe("router password", () => {
  it("is kept byte for byte except NUL", () => {
    expect(routerInputSchema.parse({ ...router, password: " p\u202Ew\n\t" }).password).toBe(" p\u202Ew\n\t");
    expect(issueAt(routerInputSchema, { ...router, password: "pw\u0000" }, "password")).toBe(
      "password contains a control character (NUL)",
    );
  });
});
