import { describe, expect, it } from "vitest";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import { natRuleSchema, type NatRule, type RuleSetContent } from "@/lib/rules/schema";
import { contentHash } from "@/lib/rulesets/content-hash";
import { ROUTEROS_PRINTED_DEFAULTS } from "@/tests/support/routeros-printed-defaults";
import type { LiveFirewall, LiveFirewallItem } from "../driver";
import { checkRawNat } from "./raw-grammar";
import { mikrotikPlanner } from "./planner";

/**
 * RouterOS raw NAT rules (issue #20 "nothing skipped on import"): an /ip/firewall/nat row the NAT model cannot
 * hold is kept as its props, compiled verbatim in its place, and read back into the same rule.
 */
const DEFCONF_MASQUERADE = {
  chain: "srcnat",
  action: "masquerade",
  "out-interface-list": "WAN",
  "ipsec-policy": "out,none",
};
const rawNat = (id: string, props: Record<string, string>, fields: Partial<NatRule> = {}): NatRule =>
  makeNatRule(
    { kind: "masquerade", protocol: "any", ...fields, raw: { vendor: "mikrotik", type: "nat", props } },
    () => id,
  );
const web = makeNatRule(
  { inInterface: "ether1", dstPorts: [{ from: 8080, to: 8080 }], toAddress: "192.168.88.10", toPort: 80 },
  () => "rnatweb001",
);
const withNat = (...nat: NatRule[]): RuleSetContent => ({ rules: [], addressLists: [], nat });

function row(ref: string, raw: Record<string, string>, managedId: string | null = null): LiveFirewallItem {
  // as a router prints a NAT row: defaults and counters included
  return {
    ref,
    kind: "nat",
    family: "ipv4",
    managedId,
    dynamic: false,
    raw: { ".id": ref, ...ROUTEROS_PRINTED_DEFAULTS, ...raw },
  };
}
const live = (...items: LiveFirewallItem[]): LiveFirewall => ({ items, stateHash: "x" });

describe("RouterOS raw NAT rules: the model", () => {
  it("a NAT rule without raw parses and hashes as before; the key is absent, not null", () => {
    const parsed = natRuleSchema.parse(web);
    expect("raw" in parsed).toBe(false);
    expect(contentHash(withNat(parsed))).toBe(contentHash(withNat(web)));
  });

  it("a raw NAT rule's modelled fields decide nothing: no port-forward check refuses it", () => {
    const r = natRuleSchema.safeParse(rawNat("rnatraw001", DEFCONF_MASQUERADE, { kind: "port-forward" }));
    expect(r.success).toBe(true);
  });
});

describe("RouterOS raw NAT rules: compile", () => {
  it("pushes the props verbatim in the rule's place, with the ownership comment and disabled", () => {
    const r = mikrotikPlanner.compile(
      withNat(web, rawNat("rnatraw001", DEFCONF_MASQUERADE, { comment: "defconf: masquerade", enabled: false })),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const nat = r.desired.items.filter((i) => i.kind === "nat");
    expect(nat.map((i) => i.ruleId)).toEqual(["rnatweb001", "rnatraw001"]);
    expect(nat[1]).toEqual({
      key: "rnatraw001",
      kind: "nat",
      family: "ipv4",
      ruleId: "rnatraw001",
      fields: { ...DEFCONF_MASQUERADE, disabled: "true", comment: "rampart:rnatraw001 defconf: masquerade" },
    });
  });

  it("refuses a filter-type or OpenWrt raw rule and a bad property at the NAT rule's field", () => {
    const r = mikrotikPlanner.compile(
      withNat(
        makeNatRule({ raw: { vendor: "openwrt", type: "redirect", props: { name: "x" } } }, () => "rnatowrt01"),
        makeNatRule({ raw: { vendor: "mikrotik", type: "filter", props: { chain: "srcnat" } } }, () => "rnatfilt01"),
        rawNat("rnatbad001", { chain: "srcnat", action: "fasttrack-connection", "reject-with": "tcp-reset" }),
        rawNat("rnatcp1252", { chain: "srcnat", action: "masquerade", "log-prefix": "→" }),
      ),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.ruleId, i.ruleIndex, i.field])).toEqual([
      ["rnatowrt01", null, "nat.0.raw"],
      ["rnatfilt01", null, "nat.1.raw"],
      ["rnatbad001", null, "nat.2.raw.props.action"],
      ["rnatbad001", null, "nat.2.raw.props.reject-with"],
      ["rnatcp1252", null, "nat.3.raw.props.log-prefix"],
    ]);
  });
});

describe("RouterOS raw NAT rules: grammar", () => {
  it("takes the defconf masquerade, a redirect and a netmap as they are", () => {
    expect(checkRawNat(DEFCONF_MASQUERADE)).toEqual([]);
    expect(
      checkRawNat({ chain: "dstnat", action: "redirect", protocol: "tcp", "dst-port": "80", "to-ports": "3128" }),
    ).toEqual([]);
    expect(checkRawNat({ chain: "dstnat", action: "netmap", "to-addresses": "10.1.0.0/24" })).toEqual([]);
  });

  it("names the property: a filter-only one, an IPv6 one, a port without protocol, a missing chain", () => {
    const props = (p: Record<string, string>) => checkRawNat(p).map((i) => i.prop);
    expect(props({ chain: "srcnat", "connection-state": "new" })).toEqual(["connection-state"]);
    expect(props({ chain: "srcnat", "hop-limit": "equal:1" })).toEqual(["hop-limit"]);
    expect(props({ chain: "dstnat", action: "redirect", "to-ports": "8080" })).toEqual(["protocol"]);
    expect(props({ chain: "dstnat", "to-ports": "80,81", protocol: "tcp" })).toEqual(["to-ports"]);
    expect(props({ action: "masquerade" })).toEqual(["chain"]);
  });
});

describe("RouterOS raw NAT rules: decompile", () => {
  const masqRow = row("*A", { ...DEFCONF_MASQUERADE, comment: "defconf: masquerade" });

  it("imports the router's own defconf masquerade as a raw NAT rule in its place, with a claim", () => {
    const fwd = row("*B", {
      chain: "dstnat",
      action: "dst-nat",
      protocol: "tcp",
      "dst-port": "8080",
      "in-interface": "ether1",
      "to-addresses": "192.168.88.10",
      comment: "camera",
    });
    const redirect = row("*C", {
      chain: "dstnat",
      action: "redirect",
      protocol: "udp",
      "dst-port": "53",
      "to-ports": "53",
    });
    let n = 0;
    const r = mikrotikPlanner.decompile!(live(masqRow, fwd, redirect), {
      managedOnly: false,
      newId: () => `rnatnew00${++n}`,
    });
    expect(r.skipped).toEqual([]);
    expect(r.content.nat).toEqual([
      {
        ...makeNatRule({ kind: "masquerade", protocol: "any" }, () => "rnatnew001"),
        comment: "defconf: masquerade",
        raw: { vendor: "mikrotik", type: "nat", props: DEFCONF_MASQUERADE },
      },
      // what the NAT model holds stays modelled
      expect.objectContaining({
        id: "rnatnew002",
        kind: "port-forward",
        toAddress: "192.168.88.10",
        comment: "camera",
      }),
      expect.objectContaining({
        id: "rnatnew003",
        kind: "port-forward",
        raw: {
          vendor: "mikrotik",
          type: "nat",
          props: { chain: "dstnat", action: "redirect", protocol: "udp", "dst-port": "53", "to-ports": "53" },
        },
      }),
    ]);
    expect(r.content.nat![2].raw).toBeDefined();
    expect(r.content.nat![1].raw).toBeUndefined();
    expect(r.origins?.map((o) => [o.kind, o.ref, o.ruleId])).toEqual([
      ["nat", "*A", "rnatnew001"],
      ["nat", "*B", "rnatnew002"],
      ["nat", "*C", "rnatnew003"],
    ]);
  });

  it("adopt reads a managed raw NAT row back into the same rule, id and all; compile gives the same row", () => {
    const rule = rawNat("rnatraw001", DEFCONF_MASQUERADE, { comment: "defconf: masquerade" });
    const compiled = mikrotikPlanner.compile(withNat(rule));
    if (!compiled.ok) throw new Error("compile failed");
    const fields = compiled.desired.items[0].fields;
    const back = mikrotikPlanner.decompile!(live(row("*A", fields, "rnatraw001")), { managedOnly: true });
    expect(back.skipped).toEqual([]);
    expect(back.content.nat).toEqual([rule]);
    // the router row as read is what the plan wants: no op, no drift
    const l = live(row("*A", fields, "rnatraw001"));
    expect(mikrotikPlanner.plan(l, compiled.desired).ops).toEqual([]);
    expect(mikrotikPlanner.compare(l, compiled.desired)).toEqual([]);
  });

  it("a hand edit of a raw NAT row's property is drift, and the plan sets just that property", () => {
    const rule = rawNat("rnatraw001", DEFCONF_MASQUERADE);
    const compiled = mikrotikPlanner.compile(withNat(rule));
    if (!compiled.ok) throw new Error("compile failed");
    const edited = row("*A", { ...compiled.desired.items[0].fields, "ipsec-policy": "out,ipsec" }, "rnatraw001");
    expect(mikrotikPlanner.compare(live(edited), compiled.desired)).toEqual([
      expect.objectContaining({
        kind: "change",
        ruleId: "rnatraw001",
        fields: [{ field: "ipsec-policy", old: "out,ipsec", new: "out,none" }],
      }),
    ]);
    const ops = mikrotikPlanner.plan(live(edited), compiled.desired).ops;
    expect(ops.map((o) => o.wire)).toEqual([["/ip/firewall/nat/set", "=.id=*A", "=ipsec-policy=out,none"]]);
  });
});
