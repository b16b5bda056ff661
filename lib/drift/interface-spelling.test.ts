import { describe, expect, it } from "vitest";
import { roleMatch } from "@/lib/rules/interface-roles";
import { content, rule } from "@/tests/support/rule-fixtures";
import { keepInterfaceSpelling } from "./interface-spelling";

const roles = {
  wan: { kind: "interface", name: "ether1" },
  lan: { kind: "interface-list", name: "LAN" },
  guest: { kind: "zone", name: "guest" },
} as const;

describe("adopt keeps the revision's word for an interface the router holds the same", () => {
  it("role or name, whichever the revision used, when both mean the same on this router; else what was read", () => {
    const revision = content([
      rule({ id: "rwanport1", inInterface: roleMatch("wan") }),
      rule({ id: "rguestzn1", inInterface: "guest" }),
      rule({ id: "rlanlist1", inInterface: roleMatch("lan", true) }),
      rule({ id: "rchanged1", inInterface: roleMatch("wan") }),
      rule({ id: "rlistnam1", inInterface: "LAN" }),
    ]);
    const read = content([
      rule({ id: "rwanport1", inInterface: "ether1" }),
      rule({ id: "rguestzn1", inInterface: roleMatch("guest") }),
      rule({ id: "rlanlist1", inInterface: roleMatch("lan", true) }),
      rule({ id: "rchanged1", inInterface: "ether2" }), // changed on the router: what was read
      rule({ id: "rlistnam1", inInterface: roleMatch("lan") }), // a list is not the interface named LAN
      rule({ id: "rnewrule1", inInterface: "ether1" }), // not in the revision
    ]);
    expect(keepInterfaceSpelling(read, revision, roles).rules.map((r) => r.inInterface)).toEqual([
      roleMatch("wan"),
      "guest",
      roleMatch("lan", true),
      "ether2",
      roleMatch("lan"),
      "ether1",
    ]);
    expect(keepInterfaceSpelling(read, null, roles)).toBe(read);
  });
});
