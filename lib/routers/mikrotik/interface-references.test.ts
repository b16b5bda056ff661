import { describe, expect, it } from "vitest";
import { roleMatch } from "@/lib/rules/interface-roles";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import type { RuleSetContent } from "@/lib/rules/schema";
import { rule } from "@/tests/support/rule-fixtures";
import type { LiveFirewall } from "../driver";
import { mikrotikPlanner } from "./planner";

const live = (interfaceNames?: LiveFirewall["interfaceNames"]): LiveFirewall => ({
  items: [],
  stateHash: "x",
  ...(interfaceNames ? { interfaceNames } : {}),
});
const router = live({ interfaces: ["ether1", "bridge"], lists: ["all", "none", "dynamic", "static", "LAN"] });

const set: RuleSetContent = {
  rules: [
    rule({ id: "rok00001", chain: "forward", inInterface: "ether1", outInterface: roleMatch("lan", true) }),
    // One rule for both families is two rows: it is named once.
    rule({ id: "rtypo001", family: "both", inInterface: "ether9" }),
    rule({ id: "rlist001", chain: "forward", outInterface: roleMatch("wan") }),
  ],
  addressLists: [],
  nat: [makeNatRule({ kind: "masquerade", protocol: "any", outInterface: "pppoe-out1" }, () => "rnatmasq1")],
};
const roles = {
  lan: { kind: "interface-list" as const, name: "LAN" },
  wan: { kind: "interface-list" as const, name: "WAN" },
};

describe("interface names a RouterOS router does not have", () => {
  const issues = (firewall: LiveFirewall) => {
    const compiled = mikrotikPlanner.compile(set, firewall, { roles });
    if (!compiled.ok) throw new Error("compiles: the rows do not depend on the router");
    return mikrotikPlanner.liveIssues!(set, compiled.desired, firewall, { roles });
  };

  it("are refused at the field that names them, once per rule, listing what the router has", () => {
    expect(issues(router).map((i) => [i.ruleIndex, i.field, i.message.split(":")[0]])).toEqual([
      [1, "inInterface", "the router has no interface named 'ether9' (it has ether1, bridge)"],
      [2, "outInterface", "the router has no interface list named 'WAN' (it has all, none, dynamic, static, LAN)"],
      [null, "nat.0.outInterface", "the router has no interface named 'pppoe-out1' (it has ether1, bridge)"],
    ]);
  });

  it("say nothing when the read did not include the names, or every name exists", () => {
    expect(issues(live())).toEqual([]);
    expect(issues(live({ interfaces: ["ether1", "ether9", "pppoe-out1"], lists: ["LAN", "WAN"] }))).toEqual([]);
  });
});
