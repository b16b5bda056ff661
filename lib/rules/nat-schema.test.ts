import { describe, expect, it } from "vitest";
import { contentHash, canonicalTexts } from "@/lib/rulesets/content-hash";
import { makeNatRule } from "./make-nat-rule";
import { makeRule } from "./make-rule";
import { ruleSetContentSchema } from "./schema";

const id = (s: string) => () => s;
const forward = (over = {}) =>
  makeNatRule(
    { inInterface: "ether1", dstPorts: [{ from: 8080, to: 8080 }], toAddress: "192.168.88.10", toPort: 80, ...over },
    id("rfwd000001"),
  );

describe("NAT rules in rule set content", () => {
  it("content stored before NAT parses to the same meaning and hashes the same with an empty NAT list", () => {
    const old = { rules: [makeRule({ chain: "input", action: "drop" }, id("rold000001"))], addressLists: [] };
    const parsed = ruleSetContentSchema.parse(old);
    expect(parsed.nat).toBeUndefined();
    const before = contentHash(parsed);
    expect(contentHash({ ...parsed, nat: [] })).toBe(before);
    expect(canonicalTexts({ ...parsed, nat: [] }).text).not.toContain("nat");
  });

  it("a port forward parses and changes the hash", () => {
    const c = ruleSetContentSchema.parse({ rules: [], addressLists: [], nat: [forward()] });
    expect(c.nat).toHaveLength(1);
    expect(contentHash(c)).not.toBe(contentHash({ rules: [], addressLists: [] }));
  });

  it.each([
    [{ toAddress: "" }, "nat.0.toAddress", "a port forward needs the inside address to forward to"],
    [{ inInterface: null }, "nat.0.inInterface", "a port forward needs an in interface or a destination address"],
    [{ toAddress: "192.168.88.0/24" }, "nat.0.toAddress", "192.168.88.0/24 is not one IPv4 address"],
    [{ protocol: "any" }, "nat.0.dstPorts", "ports need protocol tcp or udp"],
    [
      { kind: "masquerade", toPort: null, toAddress: "" },
      "nat.0.outInterface",
      "source NAT needs the out interface packets leave by",
    ],
    [{ family: "ipv6" }, "nat.0.family", "NAT rules are IPv4 only"],
  ])("refuses %o at the field", (over, path, message) => {
    const r = ruleSetContentSchema.safeParse({ rules: [], addressLists: [], nat: [forward(over)] });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toContainEqual([path, message]);
  });

  it("a NAT id that a filter rule has too, and a missing list, are named", () => {
    const r = ruleSetContentSchema.safeParse({
      rules: [makeRule({}, id("rfwd000001"))],
      addressLists: [],
      nat: [forward({ src: { kind: "list", list: "partners", negate: false } })],
    });
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["nat.0.id", "rule id 'rfwd000001' is used twice"],
      ["nat.0.src.list", "address list 'partners' does not exist"],
    ]);
  });
});
