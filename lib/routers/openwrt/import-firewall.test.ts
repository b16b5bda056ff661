// Import (decompile) and the uci export text against the real stand-in: OpenWrt's stock firewall imported and
// pushed to a router that has only the stock zones gives the same rules; an exported text reads back the same.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { standInsForFile, targetOf } from "@/tests/support/openwrt-driver-kit";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import { content, list, rule } from "@/tests/support/rule-fixtures";
import { roleMatch } from "@/lib/rules/interface-roles";
import { ruleSetContentSchema } from "@/lib/rules/schema";
import { exportUci, importUci } from "./import-firewall";
import { openWrtDriver as driver } from "./openwrt-driver";

const startStandIn = standInsForFile();
const planner = driver.planner!;
let n = 0;
const ids = () => `rowrt${String(++n).padStart(4, "0")}`;

const PROTO: Record<string, string> = { igmp: "2", esp: "50", tcp: "tcp", udp: "udp" };
/** A rule section as fw4 reads it: lists and single options alike, protocol names as numbers, no name prefix. */
function comparable(s: { options: Record<string, string | string[]> }): string {
  const o: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(s.options))
    o[k] = [v]
      .flat()
      .flatMap((x) => x.split(/\s+/))
      .map((x) => (k === "proto" ? (PROTO[x] ?? x) : x));
  return JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))));
}

describe("import from an OpenWrt router (decompile)", () => {
  it("imports the stock firewall (raw where the model cannot hold it) and round-trips the modelled rules through a router with only zones", async () => {
    const stock = await startStandIn({ seed: "stock" });
    const s = await driver.connect(targetOf(stock));
    const live = await s.readFirewall();
    await s.close();
    const { content: imported, skipped } = planner.decompile!(live, { managedOnly: false, newId: ids });
    expect(ruleSetContentSchema.safeParse(imported).success).toBe(true);
    // nothing skipped: zone policy is kept as raw sections; icmp_type and limit rules are modelled (matchers)
    expect(skipped).toEqual([]);
    const raw = imported.rules.filter((r) => r.raw);
    expect(raw.map((r) => r.raw!.type)).toEqual(["defaults", "zone", "zone", "forwarding"]);
    const modelled = { ...imported, rules: imported.rules.filter((r) => !r.raw) };
    expect(
      modelled.rules.map((r) => [r.comment, r.chain, r.inInterface, r.outInterface, r.family, r.protocol]),
    ).toEqual([
      ["Allow-DHCP-Renew", "input", "wan", null, "ipv4", "udp"],
      ["Allow-Ping", "input", "wan", null, "ipv4", "icmp"],
      ["Allow-IGMP", "input", "wan", null, "ipv4", 2],
      ["Allow-DHCPv6", "input", "wan", null, "ipv6", "udp"],
      ["Allow-MLD", "input", "wan", null, "ipv6", "icmpv6"],
      ["Allow-ICMPv6-Input", "input", "wan", null, "ipv6", "icmpv6"],
      ["Allow-ICMPv6-Forward", "forward", "wan", null, "ipv6", "icmpv6"],
      ["Allow-IPSec-ESP", "forward", "wan", "lan", "both", 50],
      ["Allow-ISAKMP", "forward", "wan", "lan", "both", "udp"],
    ]);
    const byName = (n: string) => imported.rules.find((r) => r.comment === n)!;
    expect(byName("Allow-Ping").icmpTypes).toEqual([{ type: 8 }]);
    expect(byName("Allow-MLD")).toMatchObject({
      src: { kind: "addresses", values: ["fe80::/10"], negate: false },
      icmpTypes: [130, 131, 132, 143].map((type) => ({ type, code: 0 })),
    });
    // fw4's names for ICMPv6 (bad-header is parameter-problem code 0); no limit_burst means nft's 5 packets
    expect(byName("Allow-ICMPv6-Input")).toMatchObject({
      icmpTypes: [
        { type: 128 },
        { type: 129 },
        { type: 1 },
        { type: 2 },
        { type: 3 },
        { type: 4, code: 0 },
        { type: 4, code: 1 },
        { type: 133 },
        { type: 135 },
        { type: 134 },
        { type: 136 },
      ],
      rateLimit: { rate: 1000, per: "second", burst: 5 },
    });

    // push to a router with the stock zones and no rules: the same rule sections, now Rampart's
    const empty = await startStandIn({ seed: "minimal" });
    const t = await driver.connect(targetOf(empty));
    const before = await t.readFirewall();
    // the whole import would put a second zone lan beside the router's own: refused, naming the section
    const whole = planner.compile(imported, before);
    if (!whole.ok) throw new Error(JSON.stringify(whole.issues));
    expect(() => planner.plan(before, whole.desired)).toThrow(/the router has its own defaults section/);
    const compiled = planner.compile(modelled, before);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    await t.apply(planner.plan(before, compiled.desired).ops);
    expect(planner.compare(await t.readFirewall(), compiled.desired)).toEqual([]);
    await t.close();
    // read back from the router, the pushed sections are the imported rules
    const back = planner.decompile!(await (await driver.connect(targetOf(empty))).readFirewall(), {
      managedOnly: true,
    });
    expect(back.skipped.filter((x) => x.label.startsWith("rule"))).toEqual([]);
    expect(back.content.rules.map(({ id: _id, ...r }) => r)).toEqual(modelled.rules.map(({ id: _id, ...r }) => r));
    // and the ones without ICMP types or limits are, option for option, the stock sections
    const wantNames = new Set(modelled.rules.filter((r) => !r.icmpTypes && !r.rateLimit).map((r) => r.comment));
    const want = stock
      .readState()
      .sections.filter((x) => x.type === "rule" && wantNames.has(String(x.options.name)))
      .map(comparable);
    const got = empty
      .readState()
      .sections.filter(
        (x) => x.type === "rule" && x.name?.startsWith("rampart_") && wantNames.has(String(x.options.name)),
      )
      .map(comparable);
    expect(got).toEqual(want);
  });
});

const GOLDEN = path.join(import.meta.dirname, "testdata", "export.uci");

describe("import with the router's roles mapped", () => {
  it("a zone (or its device) a role maps reads back as that role; other zones as their interface", async () => {
    const stock = await startStandIn({ seed: "stock" });
    const live = await (await driver.connect(targetOf(stock))).readFirewall();
    const read = (roles?: Parameters<typeof planner.decompile>[1]["roles"]) =>
      planner.decompile!(live, { managedOnly: false, newId: ids, roles }).content.rules;
    const renew = (rules: ReturnType<typeof read>) => rules.find((r) => r.comment === "Allow-DHCP-Renew")!;
    expect(renew(read()).inInterface).toBe("wan");
    expect(renew(read({ uplink: { kind: "zone", name: "wan" } })).inInterface).toEqual(roleMatch("uplink"));
    expect(renew(read({ wan: { kind: "device", name: "wan" } })).inInterface).toEqual(roleMatch("wan"));
    expect(renew(read({ lan: { kind: "zone", name: "lan" } })).inInterface).toBe("wan");
  });
});

describe("uci export text", () => {
  const c = content(
    [
      rule({
        id: "rssh00001",
        protocol: "tcp",
        dstPorts: [{ from: 22, to: 22 }],
        inInterface: "lan",
        comment: "ssh from lan",
      }),
      rule({
        id: "rweb00001",
        family: "ipv4",
        chain: "forward",
        inInterface: "wan",
        outInterface: "lan",
        protocol: "tcp",
        dstPorts: [{ from: 443, to: 443 }],
        dst: { kind: "addresses", values: ["192.168.1.10"], negate: false },
        log: true,
        logPrefix: "web",
      }),
      rule({
        id: "rblk00001",
        action: "drop",
        src: { kind: "list", list: "blocked", negate: false },
        comment: "blocklist",
      }),
      rule({
        id: "rout00001",
        chain: "output",
        action: "reject",
        protocol: "udp",
        dstPorts: [{ from: 53, to: 53 }],
        outInterface: "wan",
        enabled: false,
      }),
    ],
    [
      {
        name: "blocked",
        entries: [
          { address: "203.0.113.0/24", comment: "" },
          { address: "2001:db8:bad::/48", comment: "" },
        ],
      },
    ],
  );

  it("writes the golden text", () => {
    const r = exportUci(c, { name: "Home", revision: 3 });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.filename).toBe("Home.r3.uci");
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, r.text);
    expect(r.text).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("reads back to the same rule set, ids included", () => {
    const r = exportUci(c, { name: "Home" });
    if (!r.ok) throw new Error("export refused");
    const back = importUci(r.text);
    expect(back.skipped).toEqual([]);
    expect(back.content).toEqual(c);
  });

  it("carries NAT rules both ways: a port forward and a masquerade read back the same", () => {
    const nat = [
      makeNatRule(
        {
          inInterface: "wan",
          dstPorts: [{ from: 8080, to: 8080 }],
          toAddress: "192.168.1.10",
          toPort: 80,
          comment: "cam",
        },
        () => "rfwd00001",
      ),
      makeNatRule({ kind: "masquerade", protocol: "any", outInterface: "wan" }, () => "rmasq0001"),
    ];
    const r = exportUci({ rules: [], addressLists: [], nat }, { name: "x" });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.text).toContain("config redirect 'rampart_rfwd00001'");
    expect(r.text).toContain("config nat 'rampart_rmasq0001'");
    const back = importUci(r.text);
    expect(back.skipped).toEqual([]);
    expect(back.content.nat).toEqual(nat);
  });

  it("refuses what fw4 cannot express, naming the rule and field", () => {
    const r = exportUci(content([rule({ id: "rstate001", action: "drop", states: ["new"] })]), { name: "x" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ ruleId: "rstate001", field: "states" });
  });

  it("splits fw4's default tcp+udp and keeps a rule with unknown options as a raw rule", () => {
    const r = importUci(
      "package firewall\n\nconfig rule\n\toption name 'dns'\n\toption src 'lan'\n\toption dest_port '53'\n\toption target 'ACCEPT'\n\nconfig rule\n\toption src 'wan'\n\toption target 'ACCEPT'\n\toption mark '0x1'\n",
    );
    expect(r.content.rules.slice(0, 2).map((x) => [x.comment, x.protocol, x.inInterface])).toEqual([
      ["dns", "tcp", "lan"],
      ["dns", "udp", "lan"],
    ]);
    // the rule with a mark is kept as an OpenWrt raw rule, options verbatim
    expect(r.skipped).toEqual([]);
    expect(r.content.rules[2]).toMatchObject({
      comment: "",
      raw: { vendor: "openwrt", type: "rule", props: { src: "wan", target: "ACCEPT", mark: "0x1" } },
    });
    expect(list("x")).toBeTruthy();
  });

  it("keeps a set an address list cannot hold (and each rule matching it) as raw sections, skipping nothing", async () => {
    const r = importUci(
      [
        "package firewall",
        "config ipset\n\toption name 'office'\n\tlist match 'src_net'\n\tlist entry '192.0.2.0/24'",
        "config ipset\n\toption name 'scanners'\n\tlist match 'src_ip'\n\toption timeout '3600'",
        "config ipset\n\toption name 'macs'\n\tlist match 'src_mac'\n\tlist entry '00:11:22:33:44:55'",
        "config rule\n\toption name 'office ssh'\n\toption src 'wan'\n\toption proto 'tcp'\n\toption dest_port '22'\n\toption ipset 'office'\n\toption target 'ACCEPT'",
        "config rule\n\toption name 'no scanners'\n\toption src 'wan'\n\toption ipset 'scanners'\n\toption target 'DROP'",
      ].join("\n\n") + "\n",
    );
    expect(r.skipped).toEqual([]);
    expect(r.content.addressLists).toEqual([{ name: "office", entries: [{ address: "192.0.2.0/24", comment: "" }] }]);
    expect(r.content.rules.map((x) => x.raw?.type ?? `${x.comment} ${x.src.kind}`)).toEqual([
      "ipset",
      "ipset",
      "office ssh list",
      "rule",
    ]);
    expect(r.content.rules[0].raw?.props).toEqual({ name: "scanners", match: ["src_ip"], timeout: "3600" });
    expect(r.content.rules[3]).toMatchObject({
      comment: "no scanners",
      raw: { props: { src: "wan", ipset: "scanners", target: "DROP" } },
    });

    // pushed to a router with only the stock zones: the raw set and rule go over verbatim, read back in sync
    const empty = await startStandIn({ seed: "minimal" });
    const t = await driver.connect(targetOf(empty));
    const before = await t.readFirewall();
    const compiled = planner.compile(r.content, before);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    await t.apply(planner.plan(before, compiled.desired).ops);
    expect(planner.compare(await t.readFirewall(), compiled.desired)).toEqual([]);
    await t.close();
    const pushed = empty.readState().sections.filter((x) => x.type === "ipset");
    expect(pushed.map((x) => x.options)).toContainEqual({ name: "scanners", match: ["src_ip"], timeout: "3600" });
  });
});
