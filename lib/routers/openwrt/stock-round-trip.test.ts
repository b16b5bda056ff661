// Issue #20 item 4 on OpenWrt: the stock /etc/config/firewall (OpenWrt 23.05/24.10) imported from one router and
// pushed to a router with an EMPTY firewall config gives the same firewall: the same sections in the same order
// with the same options (zone policy included), and the same ruleset fw4 loads; nothing skipped.
import { afterAll, describe, expect, it } from "vitest";
import { ruleSetContentSchema } from "@/lib/rules/schema";
import { startOpenWrtPeer, type OpenWrtPeer, type PeerSection } from "@/tests/peers/openwrt/start-openwrt-peer";
import { targetOf } from "@/tests/support/openwrt-driver-kit";
import { openWrtDriver as driver } from "./openwrt-driver";

const peers: OpenWrtPeer[] = [];
afterAll(async () => {
  for (const p of peers) await p.close();
});
const planner = driver.planner!;
let n = 0;
const ids = () => `rstk${String(++n).padStart(4, "0")}`;

/**
 * fw4 and nft read a protocol name and its number as one protocol (`proto esp` is `proto 50`): the modelled rule
 * keeps the number, the stock config spells the name. Every other value compares as written.
 */
const PROTO: Record<string, string> = { igmp: "2", esp: "50" };
const ruleset = (text: string) =>
  text.replace(/meta l4proto (\w+)/g, (m, p: string) => `meta l4proto ${PROTO[p] ?? p}`);

/**
 * A section as fw4 reads it: its type and options (list or single option alike, split on whitespace), without
 * its name (stock sections are anonymous; Rampart's are named rampart_<id>: fw4 does not read section names).
 */
function asFw4Reads(s: PeerSection): string {
  const o = Object.entries(s.options)
    .map(
      ([k, v]) =>
        [
          k,
          [v]
            .flat()
            .flatMap((x) => x.split(/\s+/))
            .map((x) => (k === "proto" ? (PROTO[x] ?? x) : x)),
        ] as const,
    )
    .sort(([a], [b]) => a.localeCompare(b));
  return `${s.type} ${JSON.stringify(o)}`;
}

describe("stock OpenWrt firewall: import, then push to an empty router", () => {
  it("skips nothing, keeps zone policy and icmp_type rules as raw sections, and gives the same config and ruleset", async () => {
    const stock = await startOpenWrtPeer({ seed: "stock" });
    peers.push(stock);
    const s = await driver.connect(targetOf(stock));
    const live = await s.readFirewall();
    await s.close();
    const { content: imported, skipped } = planner.decompile!(live, { managedOnly: false, newId: ids });
    expect(skipped).toEqual([]);
    expect(ruleSetContentSchema.safeParse(imported).success).toBe(true);
    const raws = imported.rules.filter((r) => r.raw).map((r) => `${r.raw!.type} ${r.comment || r.raw!.props.name}`);
    expect(raws).toEqual([
      "defaults undefined",
      "zone lan",
      "zone wan",
      "forwarding undefined",
      "rule Allow-Ping",
      "rule Allow-MLD",
      "rule Allow-ICMPv6-Input",
      "rule Allow-ICMPv6-Forward",
    ]);
    expect(imported.rules.find((r) => r.comment === "Allow-DHCP-Renew")).toMatchObject({
      chain: "input",
      inInterface: "wan",
      protocol: "udp",
      dstPorts: [{ from: 68, to: 68 }],
    });

    const empty = await startOpenWrtPeer({ seed: { text: "" } });
    peers.push(empty);
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
