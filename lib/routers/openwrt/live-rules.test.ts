import { describe, expect, it } from "vitest";
import { liveFirewallFromExport } from "./live-firewall";
import { liveRules } from "./live-rules";
import { parseNftTable } from "./running-firewall";

/** A config with one section of Rampart's (named by its comment) and one of the admin's. */
const CONFIG = `package firewall

config zone
\toption name 'wan'
\tlist network 'wan'
\toption input 'REJECT'

config rule
\toption name 'Allow-DHCP-Renew'
\toption src 'wan'
\toption proto 'udp'
\toption dest_port '68'
\toption target 'ACCEPT'
\toption family 'ipv4'

config rule 'rampart_rsshoff01'
\toption name 'SSH from office'
\toption src 'wan'
\toption proto 'tcp'
\toption dest_port '22'
\toption target 'ACCEPT'
\toption family 'ipv4'
`;

/** `nft -a list table inet fw4` as fw4 renders that config: its own rows, the sections' rows, one added by hand. */
const LISTING = `table inet fw4 {
\tchain input { # handle 1
\t\ttype filter hook input priority filter; policy drop;
\t\tiifname "lo" accept comment "!fw4: Accept traffic from loopback" # handle 2
\t\tct state established,related accept comment "!fw4: Allow inbound established and related flows" # handle 3
\t\tiifname "wan" jump input_wan comment "!fw4: Handle wan IPv4/IPv6 input traffic" # handle 4
\t}
\tchain input_wan { # handle 5
\t\tmeta nfproto ipv4 udp dport 68 counter packets 3 bytes 1200 accept comment "!fw4: Allow-DHCP-Renew" # handle 6
\t\tmeta nfproto ipv4 tcp dport 22 counter packets 7 bytes 420 accept comment "!fw4: SSH from office" # handle 7
\t\tip saddr 192.0.2.9 drop # handle 8
\t\tjump reject_from_wan # handle 9
\t}
}
`;

describe("OpenWrt liveRules", () => {
  const live = liveFirewallFromExport(CONFIG, "{}", { running: parseNftTable(LISTING, true) });
  const rows = liveRules(live);

  it("lists the kernel's rules in nft's order with their handles and counters", () => {
    expect(rows.map((r) => [r.chain, r.position, r.ref])).toEqual([
      ["input", 1, "handle 2"],
      ["input", 2, "handle 3"],
      ["input", 3, "handle 4"],
      ["input_wan", 1, "handle 6"],
      ["input_wan", 2, "handle 7"],
      ["input_wan", 3, "handle 8"],
      ["input_wan", 4, "handle 9"],
    ]);
    expect(rows[4].counters).toEqual({ packets: 7, bytes: 420 });
    // no counter statement: nothing counted, not zero
    expect(rows[5].counters).toBeNull();
  });

  it("marks fw4's own rows dynamic, the admin's section and the hand-added rule foreign, Rampart's by its rule", () => {
    expect(rows.map((r) => [r.origin, r.ruleId])).toEqual([
      ["dynamic", null],
      ["dynamic", null],
      ["dynamic", null],
      ["foreign", null],
      ["rampart", "rsshoff01"],
      ["foreign", null],
      ["dynamic", null],
    ]);
  });

  it("the comparison text keeps ignoring the counters", () => {
    expect(parseNftTable(LISTING, true).chains!.input_wan[1].text).toBe(
      "meta nfproto ipv4 tcp dport 22 counter accept",
    );
  });

  it("a firewall not loaded has no live rules", () => {
    expect(liveRules(liveFirewallFromExport(CONFIG, "{}", { running: parseNftTable("", false) }))).toEqual([]);
  });
});
