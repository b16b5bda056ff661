import { describe, expect, it } from "vitest";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import type { NatRule } from "@/lib/rules/schema";
import { stockExport } from "@/tests/support/openwrt-golden/golden";
import { compileRuleSet } from "./compile-rules";
import { liveFirewallFromExport } from "./live-firewall";
import { openWrtPlanner as planner } from "./planner";
import { specFromFields } from "./section-spec";

const nat = (id: string, fields: Partial<Omit<NatRule, "id">>) => makeNatRule(fields, () => id);
const forward = nat("rnatfwd01", {
  inInterface: "wan",
  dstPorts: [{ from: 8080, to: 8080 }],
  toAddress: "192.168.1.10",
  toPort: 80,
  comment: "web server",
});
const masq = nat("rnatmasq01", { kind: "masquerade", protocol: "any", outInterface: "wan" });
const compile = (n: NatRule[]) => compileRuleSet({ rules: [], addressLists: [], nat: n });
const sections = (n: NatRule[]) => {
  const r = compile(n);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.desired.items.map((i) => specFromFields(i.fields, i.key));
};

describe("OpenWrt NAT compile (docs/nat.md OpenWrt)", () => {
  it("a port forward is one named redirect section: DNAT from the in-interface's zone, no reflection", () => {
    expect(sections([forward])).toEqual([
      {
        type: "redirect",
        name: "rampart_rnatfwd01",
        options: [
          ["name", "web server"],
          ["src", "@interface:wan"],
          ["family", "ipv4"],
          ["proto", ["tcp"]],
          ["src_dport", "8080"],
          ["dest_ip", "192.168.1.10"],
          ["dest_port", "80"],
          ["reflection", "0"],
          ["target", "DNAT"],
        ],
      },
    ]);
  });

  it("masquerade and source NAT are named nat sections on the out-interface's zone, never a zone's masq option", () => {
    const snat = nat("rnatsnat01", {
      kind: "snat",
      protocol: "udp",
      outInterface: "wan",
      src: { kind: "addresses", values: ["192.168.1.0/24"], negate: false },
      dstPorts: [{ from: 1000, to: 2000 }],
      toAddress: "203.0.113.5",
      log: true,
      enabled: false,
    });
    expect(sections([masq, snat])).toEqual([
      {
        type: "nat",
        name: "rampart_rnatmasq01",
        options: [
          ["src", "@interface:wan"],
          ["family", "ipv4"],
          ["proto", ["all"]],
          ["target", "MASQUERADE"],
        ],
      },
      {
        type: "nat",
        name: "rampart_rnatsnat01",
        options: [
          ["src", "@interface:wan"],
          ["family", "ipv4"],
          ["proto", ["udp"]],
          ["src_ip", "192.168.1.0/24"],
          ["dest_port", "1000-2000"],
          ["target", "SNAT"],
          ["snat_ip", "203.0.113.5"],
          ["log", "1"],
          ["enabled", "0"],
        ],
      },
    ]);
  });

  it("what fw4 cannot say is refused at the NAT rule's field", () => {
    const r = compile([
      // addressed to the router but no in-interface: fw4 needs the zone it arrives from
      nat("rnatnoin01", {
        dst: { kind: "addresses", values: ["203.0.113.1"], negate: false },
        dstPorts: [{ from: 22, to: 22 }],
        toAddress: "192.168.1.2",
      }),
      nat("rnattwo01", {
        inInterface: "wan",
        src: { kind: "addresses", values: ["198.51.100.1", "198.51.100.2"], negate: false },
        dstPorts: [
          { from: 80, to: 80 },
          { from: 443, to: 443 },
        ],
        toAddress: "192.168.1.2",
      }),
      nat("rnatlist01", { kind: "masquerade", outInterface: "wan", src: { kind: "list", list: "lan", negate: false } }),
    ]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => [i.ruleId, i.field])).toEqual([
      ["rnatnoin01", "nat.0.inInterface"],
      ["rnattwo01", "nat.1.src.values"],
      ["rnattwo01", "nat.1.dstPorts"],
      ["rnatlist01", "nat.2.src.list"],
    ]);
    expect(!r.ok && r.issues[0].message).toMatch(/fw4 ties every port forward to the zone/);
  });

  it("against the router, an interface in no zone is an issue at the NAT rule's interface field", () => {
    const live = liveFirewallFromExport(stockExport());
    const r = planner.compile({ rules: [], addressLists: [], nat: [masq, { ...forward, inInterface: "eth9" }] }, live);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toEqual([
      expect.objectContaining({ ruleId: "rnatfwd01", ruleIndex: null, field: "nat.1.inInterface" }),
    ]);
  });
});

describe("OpenWrt NAT plan", () => {
  it("plans the sections onto the stock config with zones resolved, and a config holding them compares in sync", () => {
    const live = liveFirewallFromExport(stockExport());
    const c = { rules: [], addressLists: [], nat: [forward, masq] };
    const compiled = planner.compile(c, live);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    const plan = planner.plan(live, compiled.desired, { strategy: "import" });
    expect(plan.counts).toEqual({ add: 2, change: 0, remove: 0, move: 0 });
    const text = plan.ops[0].wire.slice(1).join("\n");
    expect(text).toContain(
      "config redirect 'rampart_rnatfwd01'\n\toption name 'web server'\n\toption src 'wan'\n\toption family 'ipv4'\n" +
        "\tlist proto 'tcp'\n\toption src_dport '8080'\n\toption dest_ip '192.168.1.10'\n\toption dest_port '80'\n" +
        "\toption reflection '0'\n\toption target 'DNAT'\n",
    );
    expect(text).toContain("config nat 'rampart_rnatmasq01'\n\toption src 'wan'\n");
    const after = liveFirewallFromExport(text);
    expect(planner.compare(after, compiled.desired)).toEqual([]);
    // a hand edit of the forward's inside address is one change of that option
    const edited = liveFirewallFromExport(text.replace("'192.168.1.10'", "'192.168.1.11'"));
    expect(planner.compare(edited, compiled.desired)).toEqual([
      expect.objectContaining({
        kind: "change",
        ruleId: "rnatfwd01",
        fields: [expect.objectContaining({ old: "192.168.1.11", new: "192.168.1.10" })],
      }),
    ]);
  });
});

describe("fw4 warnings about Rampart's NAT sections", () => {
  it("the inside host's assumed zone is not a failure; a skipped redirect is", async () => {
    const { warningsAboutManaged } = await import("./apply-ops");
    expect(
      warningsAboutManaged(
        "[!] Section rampart_rnatfwd01 (web server) does not specify a destination, assuming 'lan'\n" +
          "[!] Section rampart_rnatfwd02 has no source specified\n",
      ),
    ).toEqual(["[!] Section rampart_rnatfwd02 has no source specified"]);
  });
});

describe("OpenWrt raw NAT rules (RawGrammar.natTypes: redirect, nat)", () => {
  const raw = (id: string, type: string, props: Record<string, string | string[]>, fields = {}) =>
    nat(id, { ...fields, raw: { vendor: "openwrt", type, props } });

  it("a raw redirect is its section verbatim, the comment its name, disabled as enabled 0", () => {
    const r = raw(
      "rnatraw01",
      "redirect",
      { src: "wan", dest: "lan", proto: ["tcp"], src_dport: "5000", dest_ip: "192.168.1.30", target: "DNAT" },
      { comment: "nas", enabled: false },
    );
    expect(sections([r])).toEqual([
      {
        type: "redirect",
        name: "rampart_rnatraw01",
        options: [
          ["name", "nas"],
          ["src", "wan"],
          ["dest", "lan"],
          ["proto", ["tcp"]],
          ["src_dport", "5000"],
          ["dest_ip", "192.168.1.30"],
          ["target", "DNAT"],
          ["enabled", "0"],
        ],
      },
    ]);
  });

  it("is checked against fw4's grammar first; another type or vendor is refused at raw", () => {
    const r = compile([
      raw("rnatraw02", "redirect", { src: "wan", src_ip: ["1.2.3.4", "5.6.7.8"], bogus: "1" }),
      raw("rnatraw03", "zone", { name: "x" }),
      nat("rnatraw04", { raw: { vendor: "mikrotik", type: "nat", props: { chain: "srcnat", action: "masquerade" } } }),
    ]);
    expect(!r.ok && r.issues.map((i) => i.field)).toEqual([
      "nat.0.raw.props.src_ip",
      "nat.0.raw.props.bogus",
      "nat.1.raw.type",
      "nat.2.raw",
    ]);
  });
});
