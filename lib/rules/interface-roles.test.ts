import { describe, expect, it } from "vitest";
import { makeRule } from "./make-rule";
import { ruleSetContentSchema } from "./schema";
import { contentHash } from "@/lib/rulesets/content-hash";
import { interfaceMatchText, parseInterfaceText, roleMatch, rolesUsed } from "./interface-roles";
import { compileRuleSet as compileRos } from "@/lib/routers/mikrotik/compile-rules";
import { compileRuleSet as compileOpenWrt } from "@/lib/routers/openwrt/compile-rules";

const content = (rules: ReturnType<typeof makeRule>[]) => ruleSetContentSchema.parse({ rules, addressLists: [] });

describe("interface roles in the rule model", () => {
  it("reads a revision stored before roles to the same content and hash", () => {
    const stored = {
      rules: [{ ...makeRule({ inInterface: "ether1", comment: "old" }), id: "rabcdef1" }],
      addressLists: [],
    };
    const text = JSON.stringify(stored);
    const parsed = ruleSetContentSchema.parse(JSON.parse(text));
    expect(parsed.rules[0].inInterface).toBe("ether1");
    expect(contentHash(parsed)).toBe(contentHash(JSON.parse(text)));
  });

  it("parses a role match and refuses a bad role name at the field", () => {
    const ok = content([makeRule({ inInterface: roleMatch("lan", true) })]);
    expect(ok.rules[0].inInterface).toEqual({ kind: "role", role: "lan", negate: true });
    const bad = ruleSetContentSchema.safeParse({
      rules: [makeRule({ inInterface: { kind: "role", role: "Bad Role", negate: false } })],
      addressLists: [],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(["rules", 0, "inInterface", "role"]);
    expect(bad.error?.issues[0].message).toMatch(/role name must start/);
  });

  it("round-trips the editor's text", () => {
    expect(parseInterfaceText("not role lan")).toEqual(roleMatch("lan", true));
    expect(parseInterfaceText("ether1")).toBe("ether1");
    expect(parseInterfaceText(" ")).toBeNull();
    expect(interfaceMatchText(roleMatch("wan"))).toBe("role wan");
    expect(rolesUsed([makeRule({ inInterface: roleMatch("wan"), outInterface: roleMatch("lan") })])).toEqual([
      "wan",
      "lan",
    ]);
  });
});

describe("compiling roles", () => {
  const rules = [
    makeRule({ chain: "input", action: "drop", inInterface: roleMatch("lan", true), comment: "drop not lan" }),
    makeRule({ chain: "forward", action: "accept", inInterface: roleMatch("lan"), outInterface: roleMatch("wan") }),
  ];

  it("RouterOS: a list-mapped role is in-interface-list, negated with !; an interface-mapped one in-interface", () => {
    const r = compileRos(content(rules), {
      lan: { kind: "interface-list", name: "LAN" },
      wan: { kind: "interface", name: "ether1" },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const v4 = r.desired.items.filter((i) => i.family === "ipv4");
    expect(v4[0].fields["in-interface-list"]).toBe("!LAN");
    expect(v4[1].fields).toMatchObject({ "in-interface-list": "LAN", "out-interface": "ether1" });
  });

  it("an unmapped role is refused naming the role and the rule", () => {
    const r = compileRos(content(rules), { lan: { kind: "interface-list", name: "LAN" } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([expect.objectContaining({ ruleIndex: 1, field: "outInterface" })]);
    expect(r.issues[0].message).toContain("role 'wan' is not mapped");
  });

  it("OpenWrt: a zone-mapped role is the zone; 'not lan' is refused (fw4 has no negated zone)", () => {
    const roles = { lan: { kind: "zone", name: "lan" }, wan: { kind: "device", name: "eth1" } } as const;
    const refused = compileOpenWrt(content(rules), roles);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0]).toMatchObject({ ruleIndex: 0, field: "inInterface" });
    const r = compileOpenWrt(content(rules.slice(1)), roles);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.desired.items[0].fields).toMatchObject({ src: "lan", dest: "@interface:eth1" });
  });
});
