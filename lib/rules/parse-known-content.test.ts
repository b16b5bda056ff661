import { describe, expect, it } from "vitest";
import { formatIssues } from "./format-issues";
import { makeNatRule } from "./make-nat-rule";
import { makeRule } from "./make-rule";
import { parseKnownContent } from "./parse-known-content";
import { ruleSetContentSchema, type RuleSetContent } from "./schema";
import { list, rule } from "@/tests/support/rule-fixtures";

const base: RuleSetContent = {
  rules: [
    rule({ id: "rone0001" }),
    rule({ id: "rtwo0002", src: { kind: "list", list: "office", negate: false } }),
    rule({ id: "rthree03" }),
  ],
  addressLists: [list("office", ["10.1.0.0/16"])],
};
const knownBase = (r: unknown) => base.rules.includes(r as never);

/** The full schema's verdict in the same shape, for comparison. */
function fullVerdict(input: unknown) {
  const r = ruleSetContentSchema.safeParse(input);
  return r.success ? { success: true, data: r.data } : { success: false, issues: formatIssues(r.error) };
}

describe("parseKnownContent", () => {
  it.each([
    ["the known content itself", base],
    ["one rule toggled", { ...base, rules: base.rules.map((r, i) => (i === 2 ? { ...r, enabled: false } : r)) }],
    [
      "an edited rule out of range",
      { ...base, rules: base.rules.map((r, i) => (i === 2 ? { ...r, dstPorts: [{ from: 70000, to: 70000 }] } : r)) },
    ],
    ["a duplicate id across known and new rules", { ...base, rules: [...base.rules, { ...base.rules[0] }] }],
    ["a known rule whose list is gone", { ...base, addressLists: [] }],
    ["a bad address list entry", { ...base, addressLists: [list("office", ["10.0.0.300"])] }],
    ["no rules array", { addressLists: [] }],
    ["not an object", "rules"],
  ])("gives the full schema's verdict: %s", (_name, input) => {
    expect(parseKnownContent(input, knownBase)).toEqual(fullVerdict(input));
  });

  it("does not parse a known rule again", () => {
    const known = { ...base.rules[0], dstPorts: [{ from: 70000, to: 70000 }] };
    const r = parseKnownContent({ ...base, rules: [known] }, (x) => x === known);
    expect(r.success).toBe(true);
  });
});

describe("NAT rules with known filter rules", () => {
  it("keeps the NAT rules (a save must not drop them) and checks their ids against every rule", () => {
    const known = makeRule({}, () => "rknown0001");
    const fwd = makeNatRule(
      { inInterface: "ether1", dstPorts: [{ from: 8080, to: 8080 }], toAddress: "192.168.88.10" },
      () => "rnatweb01",
    );
    const input = { rules: [known, makeRule({}, () => "redited001")], addressLists: [], nat: [fwd] };
    const r = parseKnownContent(input, (x) => x === known);
    expect(r.success && r.data.nat).toEqual([fwd]);
    const clash = parseKnownContent({ ...input, nat: [{ ...fwd, id: "rknown0001" }] }, (x) => x === known);
    expect(!clash.success && clash.issues).toEqual([
      { path: "nat.0.id", message: "rule id 'rknown0001' is used twice" },
    ]);
  });
});
