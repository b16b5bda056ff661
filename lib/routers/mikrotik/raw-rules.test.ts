import { describe, expect, it } from "vitest";
import { content, rule } from "@/tests/support/rule-fixtures";
import { checkRawFilter } from "./raw-grammar";
import { mikrotikPlanner } from "./planner";

/** RouterOS raw rules at preview: pushed verbatim in their place, another vendor's refused, bad props named. */
const raw = (props: Record<string, string>, vendor = "mikrotik", type = "filter") => ({ vendor, type, props });

describe("RouterOS raw rules: compile", () => {
  it("pushes the props verbatim, in the rule's place, with the ownership comment and the enabled switch", () => {
    const r = mikrotikPlanner.compile(
      content([
        rule({ id: "rfirst0001", family: "ipv4", comment: "first" }),
        rule({
          id: "rfast00001",
          family: "ipv4",
          comment: "fasttrack",
          enabled: false,
          raw: raw({ chain: "forward", action: "fasttrack-connection", "connection-state": "established,related" }),
        }),
        rule({ id: "rlast00001", family: "ipv4", action: "drop" }),
      ]),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const filters = r.desired.items.filter((i) => i.kind === "filter");
    expect(filters.map((i) => i.ruleId)).toEqual(["rfirst0001", "rfast00001", "rlast00001"]);
    expect(filters[1].fields).toEqual({
      chain: "forward",
      action: "fasttrack-connection",
      "connection-state": "established,related",
      disabled: "true",
      comment: "rampart:rfast00001 fasttrack",
    });
  });

  it("refuses an OpenWrt raw rule, a raw rule for both tables and a bad property, naming rule and field", () => {
    const r = mikrotikPlanner.compile(
      content([
        rule({ id: "rzone00001", comment: "wan zone", raw: raw({ name: "wan" }, "openwrt", "zone") }),
        rule({ id: "rboth00001", raw: raw({ chain: "input", action: "drop" }) }),
        rule({ id: "ripsec0001", family: "ipv4", raw: raw({ chain: "forward", "ipsec-policy": "in" }) }),
      ]),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.ruleIndex, i.field])).toEqual([
      [0, "raw"],
      [1, "family"],
      [2, "raw.props.ipsec-policy"],
    ]);
    expect(r.issues[0].message).toMatch(/OpenWrt raw zone section; RouterOS cannot run it/);
  });
});

describe("RouterOS raw rules: grammar", () => {
  it("takes the defconf rows as they are", () => {
    expect(checkRawFilter({ chain: "forward", action: "fasttrack-connection", "hw-offload": "true" }, "ipv4")).toEqual(
      [],
    );
    expect(checkRawFilter({ chain: "input", action: "drop", "in-interface-list": "!LAN" }, "ipv4")).toEqual([]);
    expect(
      checkRawFilter({ chain: "forward", protocol: "icmpv6", "hop-limit": "equal:1", action: "drop" }, "ipv6"),
    ).toEqual([]);
    expect(checkRawFilter({ chain: "input", protocol: "udp", port: "33434-33534" }, "ipv6")).toEqual([]);
  });

  it("names the property: unknown, wrong table, wrong value, comment, missing chain, ports without protocol", () => {
    const props = (p: Record<string, string>, f: "ipv4" | "ipv6" = "ipv4") => checkRawFilter(p, f).map((i) => i.prop);
    expect(props({ chain: "input", "in-interfaces": "ether1" })).toEqual(["in-interfaces"]);
    expect(props({ chain: "input", "hop-limit": "equal:1" })).toEqual(["hop-limit"]);
    expect(props({ chain: "input", "src-address": "2001:db8::1" })).toEqual(["src-address"]);
    expect(props({ chain: "input", comment: "x" })).toEqual(["comment"]);
    expect(props({ action: "drop" })).toEqual(["chain"]);
    expect(props({ chain: "input", "dst-port": "22" })).toEqual(["protocol"]);
    expect(checkRawFilter({ chain: "input", action: "jump" }, "ipv4")[0].message).toBe(
      "action jump needs a jump-target",
    );
  });
});
