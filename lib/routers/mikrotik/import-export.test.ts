import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ruleSetContentSchema, type RuleSetContent } from "@/lib/rules/schema";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import { content, list, rule } from "@/tests/support/rule-fixtures";
import { normaliseValue } from "./firewall-props";
import { peerKitsForFile, type PeerKit } from "@/tests/support/mikrotik-peer-kit";
import { mikrotikPlanner } from "./planner";

/**
 * Import (decompile) and the .rsc export against the real RouterOS peer: the defconf firewall imported and
 * pushed to an empty router gives the same rules; an exported script read back gives the same rule set.
 */
const kit = peerKitsForFile();

let n = 0;
const ids = () => `rimp${String(++n).padStart(4, "0")}`;

/** A row as a person compares it: normalised values, router-made and ownership fields aside. */
function comparable(row: Record<string, string>, family: "ipv4" | "ipv6"): string {
  const skip = new Set([".id", "bytes", "packets", "invalid", "dynamic", "creation-time"]);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) {
    if (skip.has(k)) continue;
    if (k === "comment") out[k] = v.replace(/^rampart:\S+ ?/, "");
    else out[k] = normaliseValue(k, v);
  }
  if (out.action === "reject" && !out["reject-with"])
    out["reject-with"] = family === "ipv4" ? "icmp-network-unreachable" : "icmp-no-route";
  for (const [k, d] of Object.entries({ log: "false", "log-prefix": "", disabled: "false" }))
    if (out[k] === d) delete out[k];
  if (out.comment === "") delete out.comment;
  return JSON.stringify(Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b))));
}

describe("import from a RouterOS router (decompile)", () => {
  it("maps every defconf rule it can, keeps every other one as a raw rule, and round-trips through an empty router", async () => {
    const source = await kit({ seed: { defconf: true } });
    const live = await (await source.connect()).readFirewall();
    const { content: imported, skipped } = mikrotikPlanner.decompile!(live, { managedOnly: false, newId: ids });
    expect(ruleSetContentSchema.safeParse(imported).success).toBe(true);

    // only the router's own dynamic row is listed; what the model cannot hold is a raw rule naming its props
    expect(skipped.map((s) => s.label)).toEqual([
      "ip forward passthrough: special dummy rule to show fasttrack counters",
    ]);
    const rawProps = Object.fromEntries(
      imported.rules.filter((r) => r.raw).map((r) => [`${r.family} ${r.comment}`, Object.keys(r.raw!.props)]),
    );
    expect(rawProps).toMatchObject({
      "ipv4 defconf: drop all not coming from LAN": expect.arrayContaining(["in-interface-list"]),
      "ipv4 defconf: accept in ipsec policy": expect.arrayContaining(["ipsec-policy"]),
      "ipv4 defconf: fasttrack": expect.arrayContaining(["hw-offload"]),
      "ipv4 defconf: drop all from WAN not DSTNATed": expect.arrayContaining(["in-interface-list"]),
      "ipv6 defconf: accept UDP traceroute": expect.arrayContaining(["port"]),
    });
    // the hop-limit matcher is modelled (issue #20): the rule imports as a TTL/hop-limit condition, not raw
    expect(imported.rules.find((r) => r.comment === "defconf: rfc4890 drop hop-limit=1")).toMatchObject({
      family: "ipv6",
      protocol: "icmpv6",
      action: "drop",
      ttl: { op: "equal", value: 1 },
    });
    expect(imported.rules.find((r) => r.comment === "defconf: rfc4890 drop hop-limit=1")!.raw).toBeUndefined();
    // 11 + 22 static filter rows, 1 dynamic; every static one is imported, in order
    const statics = live.items.filter((i) => i.kind === "filter" && !i.dynamic).length;
    expect(imported.rules.length).toBe(statics);
    expect(imported.addressLists).toEqual([
      { name: "bad_ipv6", entries: expect.arrayContaining([{ address: "fec0::/10", comment: "defconf: site-local" }]) },
    ]);
    expect(imported.addressLists[0].entries).toHaveLength(9);
    expect(imported.rules.find((r) => r.comment === "defconf: accept ipsec AH")).toMatchObject({
      family: "ipv6",
      protocol: 51,
    });
    expect(imported.rules.find((r) => r.comment === "defconf: accept DHCPv6-Client prefix delegation.")).toMatchObject({
      family: "ipv6",
      protocol: "udp",
      dstPorts: [{ from: 546, to: 546 }],
      src: { kind: "addresses", values: ["fe80::/10"], negate: false },
    });

    // push the imported rule set to an empty router: its rows are the imported rows of the source, in order
    const target = await kit();
    await target.push(imported);
    const importedRefs = new Set(
      live.items.filter((i) => !skipped.some((s) => s.ref === i.ref && !s.partial)).map((i) => i.ref),
    );
    for (const [menu, family] of [
      ["ip/firewall/filter", "ipv4"],
      ["ipv6/firewall/filter", "ipv6"],
    ] as const) {
      const want = source.peer
        .rows(menu)
        .filter((r) => importedRefs.has(r[".id"]))
        .map((r) => comparable(r, family));
      // the target shows its own dynamic fasttrack row too (it has the fasttrack rule now); compare the rules
      const rules = target.peer.rows(menu).filter((r) => r.dynamic !== "true");
      expect(rules.map((r) => comparable(r, family))).toEqual(want);
    }
    const entries = (k: PeerKit) =>
      k.peer
        .rows("ipv6/firewall/address-list")
        .map((r) => comparable(r, "ipv6"))
        .sort();
    expect(entries(target)).toEqual(entries(source));
  });

  it("keeps managed ids, merges the /ip and /ipv6 rows of one rule, and reads only managed items when asked", async () => {
    const k = await kit({ seed: { foreign: true, fasttrack: true } });
    const c = content(
      [
        rule({
          id: "rboth0001",
          protocol: "tcp",
          dstPorts: [{ from: 22, to: 22 }],
          src: { kind: "addresses", values: ["10.0.0.0/8", "192.0.2.1", "2001:db8::/32"], negate: false },
          comment: "ssh",
        }),
        rule({
          id: "rlist0001",
          family: "ipv4",
          action: "reject",
          src: { kind: "list", list: "office", negate: true },
          log: true,
          logPrefix: "rej",
        }),
        rule({
          id: "rsix00001",
          family: "ipv6",
          chain: "forward",
          action: "drop",
          inInterface: "ether1",
          outInterface: "ether2",
          states: ["new"],
          enabled: false,
        }),
      ],
      [list("office", ["10.1.0.0/16", "2001:db8:1::/48"])],
    );
    await k.push(c);
    const { content: back, skipped } = mikrotikPlanner.decompile!(await (await k.connect()).readFirewall(), {
      managedOnly: true,
    });
    expect(skipped).toEqual([]);
    expect(back).toEqual(c);
  });
});

const GOLDEN = path.join(import.meta.dirname, "testdata", "export-script.rsc");

describe(".rsc export", () => {
  const c: RuleSetContent = content(
    [
      rule({
        id: "rssh00001",
        protocol: "tcp",
        dstPorts: [
          { from: 22, to: 22 },
          { from: 2222, to: 2230 },
        ],
        src: { kind: "list", list: "admins", negate: false },
        comment: 'ssh "admins" $HOME?',
      }),
      rule({
        id: "rdns00001",
        family: "ipv4",
        protocol: "udp",
        dstPorts: [{ from: 53, to: 53 }],
        dst: { kind: "addresses", values: ["192.0.2.1", "192.0.2.2"], negate: false },
        chain: "forward",
        outInterface: "ether1",
      }),
      rule({
        id: "rdrop0001",
        action: "drop",
        states: ["invalid"],
        log: true,
        logPrefix: "bad ",
        comment: "drop invalid",
      }),
      rule({ id: "rrej00001", family: "ipv6", action: "reject", protocol: 47, enabled: false }),
    ],
    [
      {
        name: "admins",
        entries: [
          { address: "10.0.0.0/24", comment: "hq" },
          { address: "10.9.0.1-10.9.0.9", comment: "vpn pool" },
          { address: "2001:db8::/48", comment: "" },
        ],
      },
      list("unused"),
    ],
  );
  c.nat = [
    makeNatRule(
      {
        protocol: "tcp",
        inInterface: "ether1",
        dstPorts: [{ from: 8080, to: 8080 }],
        toAddress: "192.168.88.10",
        toPort: 80,
        comment: "camera",
      },
      () => "rfwd00001",
    ),
    makeNatRule({ kind: "masquerade", protocol: "any", outInterface: "ether1" }, () => "rmasq0001"),
  ];

  it("writes the golden script", () => {
    const r = mikrotikPlanner.exportText!(c, { name: "Branch office", revision: 7 });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.filename).toBe("Branch-office.r7.rsc");
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, r.text);
    expect(r.text).toBe(readFileSync(GOLDEN, "utf8"));
  });

  // address lists are sets on RouterOS: entries come back IPv4 first, then IPv6 (the fixture is in that order)
  it("reads back to the same rule set, ids included", () => {
    const r = mikrotikPlanner.exportText!(c, { name: "x" });
    if (!r.ok) throw new Error("export refused");
    const back = mikrotikPlanner.importText!(r.text);
    expect(back.skipped).toEqual([]);
    expect(back.content).toEqual(c);
  });

  it("refuses what RouterOS cannot hold, naming the rule and field", () => {
    const r = mikrotikPlanner.exportText!(content([rule({ id: "rbad00001", comment: "snow ☃" })]), { name: "x" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ ruleId: "rbad00001", field: "comment" });
  });

  it("reads a hand-written script: continuations, other menus and verbs are listed", () => {
    const text = [
      "# by hand",
      "/ip firewall filter",
      'add action=accept chain=input comment="allow \\"ssh\\"" dst-port=22 \\',
      "    protocol=tcp",
      "add action=jump chain=forward jump-target=mine",
      "set [find comment=x] disabled=yes",
      "/ip firewall nat",
      "add action=masquerade chain=srcnat",
      "/ip firewall address-list add list=lan address=192.168.88.0/24",
    ].join("\n");
    const r = mikrotikPlanner.importText!(text);
    expect(r.content.rules).toHaveLength(2);
    expect(r.content.rules[1].raw).toEqual({
      vendor: "mikrotik",
      type: "filter",
      props: { action: "jump", chain: "forward", "jump-target": "mine" },
    });
    expect(r.content.rules[0]).toMatchObject({
      chain: "input",
      protocol: "tcp",
      dstPorts: [{ from: 22, to: 22 }],
      comment: 'allow "ssh"',
    });
    expect(r.content.addressLists).toEqual([{ name: "lan", entries: [{ address: "192.168.88.0/24", comment: "" }] }]);
    // a masquerade without out-interface is beyond the NAT model: kept as a raw NAT rule, not skipped
    expect(r.content.nat?.map((n) => n.raw?.props)).toEqual([{ action: "masquerade", chain: "srcnat" }]);
    expect(r.skipped.map((s) => `${s.ref}: ${s.field ?? ""}`)).toEqual(["line 6: "]);
  });
});
