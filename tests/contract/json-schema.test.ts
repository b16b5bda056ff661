import { describe, expect, it } from "vitest";
import { z } from "zod";
import { schemaErrors } from "./json-schema";

const schema = z.toJSONSchema(
  z.object({
    id: z.string(),
    state: z.enum(["done", "stopped"]),
    at: z.string().nullable(),
    items: z.array(z.object({ n: z.number().int().min(0) })).max(2),
  }),
  { target: "draft-2020-12", io: "output" },
) as Record<string, unknown>;
const ok = { id: "a", state: "done", at: null, items: [{ n: 1 }] };

describe("the contract test's schema check", () => {
  it("accepts a body that matches", () => {
    expect(schemaErrors(schema, schema, ok)).toEqual([]);
  });

  it("names each way a body breaks the schema: extra or missing field, wrong type, enum, bound", () => {
    expect(schemaErrors(schema, schema, { ...ok, secret: "pw" })).toEqual(["$: 'secret' is not in the schema"]);
    expect(schemaErrors(schema, schema, { id: "a", state: "done", items: [] })).toEqual(["$: missing required 'at'"]);
    expect(schemaErrors(schema, schema, { ...ok, at: 5 })).toEqual([
      expect.stringMatching(/^\$\.at: matches no anyOf branch|^\$\.at: expected string or null, got integer/),
    ]);
    expect(schemaErrors(schema, schema, { ...ok, state: "running" })).toEqual([
      '$.state: "running" is not one of ["done","stopped"]',
    ]);
    expect(schemaErrors(schema, schema, { ...ok, items: [{ n: -1 }] })).toEqual(["$.items[0].n: -1 < minimum 0"]);
    expect(schemaErrors(schema, schema, { ...ok, items: [{ n: 1 }, { n: 2 }, { n: 3 }] })).toEqual([
      "$.items: more than 2 items",
    ]);
  });

  it("refuses a schema keyword it does not know, so nothing is skipped silently", () => {
    expect(schemaErrors({}, { type: "string", contentEncoding: "base64" }, "x")).toEqual([
      "$: the checker does not know the keyword 'contentEncoding'",
    ]);
  });
});
