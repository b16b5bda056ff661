import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";

describe("OpenAPI document: NAT rules", () => {
  it("rule set content describes the nat list with its kinds and translation fields", () => {
    const text = JSON.stringify(buildOpenApiDocument("test"));
    for (const word of ['"nat"', '"port-forward"', '"masquerade"', '"snat"', '"toAddress"', '"toPort"'])
      expect(text).toContain(word);
    expect(text).toContain("forward-blocked");
  });
});
