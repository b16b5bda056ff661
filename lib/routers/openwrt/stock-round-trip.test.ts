// Issue #20 item 4 on OpenWrt: the stock /etc/config/firewall (OpenWrt 23.05/24.10) imported from one router and
// pushed to a router with an EMPTY firewall config gives the same firewall: the same sections in the same order
// with the same options (zone policy included), and the same ruleset fw4 loads; nothing skipped.
import { describe, expect, it } from "vitest";
import { ruleSetContentSchema } from "@/lib/rules/schema";
import type { PeerSection } from "@/tests/peers/openwrt/start-openwrt-peer";
import { standInsForFile, targetOf } from "@/tests/support/openwrt-driver-kit";
import { importIcmpTypes, importRateLimit } from "./compile-matchers";
import { openWrtDriver as driver } from "./openwrt-driver";

const startStandIn = standInsForFile();
const planner = driver.planner!;
let n = 0;
const ids = () => `rstk${String(++n).padStart(4, "0")}`;

/**
 * fw4 and nft read a protocol name and its number as one protocol (`proto esp` is `proto 50`): the modelled rule
 * keeps the number, the stock config spells the name. Every other value compares as written.
 */
const PROTO: Record<string, string> = { igmp: "2", esp: "50" };
// Real nft lists a rule in its own spelling: ICMP type names, `1000/second`, nft's default burst of 5 left out.
// The stand-in prints fw4's options as written, so both sides are brought to one spelling here.
const UNITS: Record<string, string> = { sec: "second", min: "minute" };
const spelling = (line: string) =>
  line
    .replace(/meta l4proto (\w+)/g, (m, p: string) => `meta l4proto ${PROTO[p] ?? p}`)
    .replace(/icmp type (\{ [^}]* \}|\S+)/g, (m, set: string) => {
      const items = set
        .replace(/[{}]/g, "")
        .split(",")
        .map((x) => x.trim());
      const types = importIcmpTypes(items.filter(Boolean), /nfproto ipv6|icmpv6/.test(line) ? "icmpv6" : "icmp");
      return Array.isArray(types) ? `icmp type { ${types.map((t) => `${t.type}/${t.code ?? "*"}`).join(", ")} }` : m;
    })
    .replace(
      /limit rate (\d+)\/(\w+)( burst 5 packets)?/g,
      (m, n: string, u: string) => `limit rate ${n}/${UNITS[u] ?? u}`,
    );
const ruleset = (text: string) => text.split("\n").map(spelling).join("\n");

/**
 * A section as fw4 reads it: its type and options (list or single option alike, split on whitespace), without
 * its name (stock sections are anonymous; Rampart's are named rampart_<id>: fw4 does not read section names).
 */
/**
 * A section as fw4 reads it: list items split, protocol names as numbers, and the matchers in one spelling.
 * fw4 reads `icmp_type echo-request` as type 8 and `proto icmp` in an IPv6 rule as ICMPv6, and a `limit` without
 * `limit_burst` has nft's burst of 5; Rampart writes numbers, `icmpv6` and both limit options.
 */
function asFw4Reads(s: PeerSection): string {
  const opts = Object.fromEntries(
    Object.entries(s.options).map(([k, v]) => [
      k,
      [v]
        .flat()
        .flatMap((x) => x.split(/\s+/))
        .map((x) => (k === "proto" ? (PROTO[x] ?? x) : x)),
    ]),
  );
  const v6 = opts.family?.[0] === "ipv6";
  if (v6 && opts.proto?.[0] === "icmp") opts.proto = ["icmpv6"];
  if (opts.icmp_type) {
    const types = importIcmpTypes(opts.icmp_type, v6 ? "icmpv6" : "icmp");
    opts.icmp_type = Array.isArray(types) ? types.map((t) => `${t.type}/${t.code ?? "*"}`) : opts.icmp_type;
  }
  if (opts.limit) {
    const limit = importRateLimit(opts.limit[0], opts.limit_burst?.[0]);
    opts.limit = [JSON.stringify(limit)];
    delete opts.limit_burst;
  }
  const o = Object.entries(opts).sort(([a], [b]) => a.localeCompare(b));
  return `${s.type} ${JSON.stringify(o)}`;
}

describe("stock OpenWrt firewall: import, then push to an empty router", () => {
  it("skips nothing, keeps zone policy as raw sections, models the ICMP rules, and gives the same config and ruleset", async () => {
    const stock = await startStandIn({ seed: "stock" });
    const s = await driver.connect(targetOf(stock));
    const live = await s.readFirewall();
    await s.close();
    const { content: imported, skipped } = planner.decompile!(live, { managedOnly: false, newId: ids });
    expect(skipped).toEqual([]);
    expect(ruleSetContentSchema.safeParse(imported).success).toBe(true);
    const raws = imported.rules.filter((r) => r.raw).map((r) => `${r.raw!.type} ${r.comment || r.raw!.props.name}`);
    expect(raws).toEqual(["defaults undefined", "zone lan", "zone wan", "forwarding undefined"]);
    // icmp_type and limit are modelled matchers (docs/openwrt-fw4-chains.md "Matchers")
    expect(imported.rules.find((r) => r.comment === "Allow-Ping")).toMatchObject({
      protocol: "icmp",
      icmpTypes: [{ type: 8 }],
    });
    expect(imported.rules.find((r) => r.comment === "Allow-DHCP-Renew")).toMatchObject({
      chain: "input",
      inInterface: "wan",
      protocol: "udp",
      dstPorts: [{ from: 68, to: 68 }],
    });

    const empty = await startStandIn({ seed: { text: "" } });
    expect(empty.readState().sections).toEqual([]);
    const t = await driver.connect(targetOf(empty));
    const before = await t.readFirewall();
    const compiled = planner.compile(imported, before);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    await t.apply(planner.plan(before, compiled.desired).ops);
    const after = await t.readFirewall();
    await t.close();

    expect(empty.readState().sections.map(asFw4Reads)).toEqual(stock.readState().sections.map(asFw4Reads));
    expect(empty.readLiveRuleset()).not.toBe("");
    expect(ruleset(empty.readLiveRuleset())).toBe(ruleset(stock.readLiveRuleset()));
    // read back: in sync, nothing left to do
    expect(planner.compare(after, compiled.desired)).toEqual([]);
    expect(planner.plan(after, compiled.desired).ops).toEqual([]);
  });
});
