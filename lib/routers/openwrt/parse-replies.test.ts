import { describe, expect, it } from "vitest";
import { parseBoard, parseProcStats, parseReleaseFiles } from "./identify";
import { liveFirewallFromExport } from "./live-firewall";
import { parseUciExport } from "./uci-export-parse";

const EXPORT = `package firewall

config defaults
\toption input 'REJECT'

config rule
\toption name 'It'\\''s
two lines'
\tlist proto 'tcp'

config rule 'rampart_r1abc'
\toption name 'mine'
\tlist dest_port '22'
\tlist dest_port '443'

config rule
\toption name 'third'

config ipset 'rampart_office'
\toption name 'office'
\toption family 'ipv6'
\tlist entry '2001:db8::/32'

`;

describe("parseUciExport", () => {
  it("keeps option vs list, multi-line values, @type[i] refs counting named sections", () => {
    const s = parseUciExport(EXPORT);
    expect(s.map((x) => x.ref)).toEqual(["@defaults[0]", "@rule[0]", "rampart_r1abc", "@rule[2]", "rampart_office"]);
    expect(s[1].options.get("name")).toBe("It's\ntwo lines");
    expect(s[1].options.get("proto")).toEqual(["tcp"]);
    expect(s[2].options.get("dest_port")).toEqual(["22", "443"]);
  });
});

describe("liveFirewallFromExport", () => {
  it("maps rules and ipset entries, managed by the rampart_ prefix", () => {
    const live = liveFirewallFromExport(EXPORT);
    expect(live.items.map((i) => [i.kind, i.ref, i.managedId])).toEqual([
      ["filter", "@rule[0]", null],
      ["filter", "rampart_r1abc", "r1abc"],
      ["filter", "@rule[2]", null],
      ["address-list-entry", "rampart_office.entry[0]", "office"],
    ]);
    expect(live.items[1].raw).toMatchObject({
      ".type": "rule",
      name: "mine",
      "dest_port[0]": "22",
      "dest_port[1]": "443",
    });
    expect(live.items[3]).toMatchObject({ family: "ipv6", raw: { list: "office", address: "2001:db8::/32" } });
    expect(liveFirewallFromExport(EXPORT.replace("'22'", "'23'")).stateHash).not.toBe(live.stateHash);
  });

  it("reports service-registered rules as dynamic", () => {
    const json = JSON.stringify({ upnp: { upnp: { firewall: [{ type: "rule", name: "x", proto: ["tcp", "udp"] }] } } });
    const item = liveFirewallFromExport("package firewall\n", json).items[0];
    expect(item).toMatchObject({
      kind: "filter",
      dynamic: true,
      managedId: null,
      ref: "service:upnp.upnp[0]",
      raw: { proto: "tcp udp" },
    });
  });
});

describe("identify parsers", () => {
  it("reads ubus board, release files and /proc", () => {
    expect(
      parseBoard(JSON.stringify({ model: "X1", hostname: "gw", release: { version: "23.05.3", revision: "r1" } })),
    ).toEqual({ version: "23.05.3", model: "X1", name: "gw" });
    expect(parseBoard(JSON.stringify({ release: { version: "SNAPSHOT", revision: "r28000" } }))?.version).toBe(
      "SNAPSHOT r28000",
    );
    expect(parseBoard("not json")).toBeNull();
    expect(
      parseReleaseFiles(
        "DISTRIB_ID='OpenWrt'\nDISTRIB_RELEASE='22.03.5'\nDISTRIB_REVISION='r20134'\nTP-Link Archer C7 v5\n",
      ),
    ).toEqual({ version: "22.03.5", model: "TP-Link Archer C7 v5" });
    expect(parseProcStats("12345.67 45678.90\n0.50 0.40 0.30 1/80 1234\n2\n")).toEqual({
      uptimeSeconds: 12345,
      cpuLoadPercent: 25,
    });
  });
});
