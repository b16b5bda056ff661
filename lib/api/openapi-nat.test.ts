import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";

describe("OpenAPI document: NAT rules", () => {
  it("rule set content describes the nat list with its kinds and translation fields", () => {
    const text = JSON.stringify(buildOpenApiDocument("test"));
    for (const word of ['"nat"', '"port-forward"', '"masquerade"', '"snat"', '"toAddress"', '"toPort"'])
      expect(text).toContain(word);
    expect(text).toContain("forward-blocked");
  });

  it("a NAT rule carries the optional vendor raw rule, documented for RouterOS NAT rows", () => {
    const text = JSON.stringify(buildOpenApiDocument("test"));
    // the NAT rule object: its translation fields followed by the optional raw rule, not required
    const nat = /"toPort":\{[^]*?"raw":\{[^]*?"required":\["id","kind",[^\]]*\]/.exec(text)?.[0] ?? "";
    expect(nat).toContain("mikrotik/nat (on a NAT rule): one /ip/firewall/nat row");
    expect(nat).toMatch(
      /"required":\["id","kind","family","protocol","src","dst","dstPorts","inInterface","outInterface","toAddress","toPort","log","comment","enabled"\]$/,
    );
  });
});
