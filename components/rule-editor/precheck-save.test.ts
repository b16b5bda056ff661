import { describe, expect, it } from "vitest";
import type { RuleSetContent } from "@/lib/rules/schema";
import { rule, list } from "@/tests/support/rule-fixtures";
import { precheckSave } from "./precheck-save";

const office = list("office", ["10.1.0.0/16"]);
const base: RuleSetContent = {
  rules: [
    rule({ id: "rone0001" }),
    rule({ id: "rtwo0002", src: { kind: "list", list: "office", negate: false } }),
    rule({ id: "rthree03" }),
  ],
  addressLists: [office],
};

describe("precheckSave", () => {
  it("passes what the server sent, untouched, and a toggle of it", () => {
    expect(precheckSave(base, base)).toEqual([]);
    const toggled = { ...base, rules: base.rules.map((r, i) => (i === 2 ? { ...r, enabled: !r.enabled } : r)) };
    expect(precheckSave(toggled, base)).toEqual([]);
  });

  it("names an edited rule's problem at its place in the whole set", () => {
    const bad = {
      ...base,
      rules: base.rules.map((r, i) => (i === 2 ? { ...r, dstPorts: [{ from: 70000, to: 70000 }] } : r)),
    };
    expect(precheckSave(bad, base)).toContainEqual({
      path: "rules.2.dstPorts.0.from",
      message: "port 70000 is outside 1-65535",
    });
  });

  it("checks ids and list references across unchanged rules too", () => {
    const dup = { ...base, rules: [...base.rules, { ...base.rules[0] }] };
    expect(precheckSave(dup, base)).toEqual([
      { path: "rules.3.id", message: "rule #4 has the same id as rule #1 ('rone0001')" },
    ]);
    const noList = { ...base, addressLists: [] };
    expect(precheckSave(noList, base)).toEqual([
      { path: "rules.1.src.list", message: "address list 'office' does not exist" },
    ]);
  });
});
