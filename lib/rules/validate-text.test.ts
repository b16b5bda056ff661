import { describe, expect, it } from "vitest";
import { ruleSetMetaSchema } from "./schema";
import { multilineTextSchema, nameTextSchema, secretTextSchema } from "@/lib/validation/text-rules";
import { routerTextSchema } from "./validate-text";

// Server actions decode their arguments from JSON too, so the text helpers refuse what the API's body check refuses.
describe("text helpers and lone surrogates", () => {
  const lone = JSON.parse('"abc\\ud800"') as string;

  it("every helper refuses one with a single message naming the field", () => {
    for (const schema of [
      routerTextSchema("comment", 255),
      nameTextSchema("name", 1, 80),
      multilineTextSchema("description", 500),
      secretTextSchema("password", 256),
    ]) {
      const r = schema.safeParse(lone);
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => i.message)).toEqual([
        expect.stringMatching(/^(comment|name|description|password) contains an unpaired UTF-16 surrogate/),
      ]);
    }
    expect(ruleSetMetaSchema.safeParse({ name: "ok", description: lone }).error?.issues[0].path).toEqual([
      "description",
    ]);
  });

  it("a surrogate pair is ordinary text", () => {
    expect(multilineTextSchema("description", 500).parse("fire 🔥")).toBe("fire 🔥");
  });
});
