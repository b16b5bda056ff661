import { describe, expect, it } from "vitest";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import { countUnsavedChanges, describeUnsaved } from "./unsaved-changes";

const nat = (id: string) => makeNatRule({ inInterface: "ether1", toAddress: "192.168.88.10" }, () => id);

describe("unsaved NAT changes", () => {
  it("counts an added NAT rule and says so", () => {
    const base = { rules: [], addressLists: [] };
    const c = countUnsavedChanges(base, base.rules, base.addressLists, [nat("rnat00001")]);
    expect(c).toMatchObject({ nat: 1, total: 1 });
    expect(describeUnsaved(c)).toBe("1 NAT rule");
  });

  it("deleting the first of three counts one change, not a move of the others", () => {
    const three = [nat("rnat00001"), nat("rnat00002"), nat("rnat00003")];
    const base = { rules: [], addressLists: [], nat: three };
    expect(countUnsavedChanges(base, [], [], three.slice(1)).total).toBe(1);
    expect(countUnsavedChanges(base, [], [], three).total).toBe(0);
  });
});
