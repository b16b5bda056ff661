// Rampart's redirect and nat sections against the kernel's NAT chains (running-chains.ts natRow), pure: the
// listing is written as nft prints it (dnat ip to, snat ip to), the config as Rampart writes it.
import { describe, expect, it } from "vitest";
import { canonicalRule, compareChains } from "./running-chains";
import { parseNftTable } from "./running-firewall";
import { parseUciExport } from "./uci-export-parse";

const config = parseUciExport(
  "package firewall\n\nconfig zone\n\toption name 'wan'\n\tlist network 'wan'\n\n" +
    "config redirect 'rampart_rnatfwd01'\n\toption name 'web server'\n\toption src 'wan'\n\toption family 'ipv4'\n" +
    "\tlist proto 'tcp'\n\toption src_dport '8080'\n\toption dest_ip '192.168.1.10'\n\toption dest_port '80'\n" +
    "\toption reflection '0'\n\toption target 'DNAT'\n\n" +
    "config nat 'rampart_rnatsnat01'\n\toption src 'wan'\n\toption family 'ipv4'\n\tlist proto 'all'\n" +
    "\toption src_ip '192.168.1.0/24'\n\toption target 'SNAT'\n\toption snat_ip '203.0.113.5'\n",
);
const table = (dstnat: string[], srcnat: string[]) =>
  parseNftTable(
    "table inet fw4 {\n" +
      `\tchain dstnat_wan { # handle 1\n${dstnat.map((l, i) => `\t\t${l} # handle ${10 + i}\n`).join("")}\t}\n` +
      `\tchain srcnat_wan { # handle 2\n${srcnat.map((l, i) => `\t\t${l} # handle ${20 + i}\n`).join("")}\t}\n` +
      "}\n",
    true,
  );
const FWD =
  'meta nfproto ipv4 tcp dport 8080 counter packets 3 bytes 180 dnat ip to 192.168.1.10:80 comment "!fw4: web server"';
const SNAT =
  'ip saddr 192.168.1.0/24 counter packets 0 bytes 0 snat ip to 203.0.113.5 comment "!fw4: rampart_rnatsnat01"';
const MASQ = 'meta nfproto ipv4 masquerade comment "!fw4: Masquerade IPv4 wan traffic"';

describe("Rampart's NAT rows in the kernel", () => {
  it("loaded as the config says: no difference (fw4's own masquerade row is not Rampart's to compare)", () => {
    expect(compareChains(table([FWD], [SNAT, MASQ]), config).changes).toEqual([]);
  });

  it("an older forward, a missing source NAT and a NAT row added by hand are each one difference", () => {
    const old = FWD.replace("8080", "8081");
    const hand = "tcp dport 2222 dnat ip to 192.168.1.66:22";
    const c = compareChains(table([old, hand], [MASQ]), config);
    expect(c.changes.map((x) => [x.kind, x.ruleId])).toEqual([
      ["remove", null],
      ["change", "rnatfwd01"],
      ["add", "rnatsnat01"],
    ]);
    expect(c.changes[0].description).toMatch(/added by hand with nft/);
  });

  it("a raw redirect Rampart pushed (not in the modelled form) is not compared, rather than called left over", () => {
    const withRaw = parseUciExport(
      "package firewall\n\nconfig zone\n\toption name 'wan'\n\tlist network 'wan'\n\n" +
        "config redirect 'rampart_rraw00001'\n\toption src 'wan'\n\toption src_dport '5000'\n" +
        "\toption dest_ip '192.168.1.30'\n\toption dest 'lan'\n\toption target 'DNAT'\n",
    );
    const rows = ["tcp", "udp"].map(
      (p) => `meta nfproto ipv4 ${p} dport 5000 counter dnat ip to 192.168.1.30:5000 comment "!fw4: rampart_rraw00001"`,
    );
    expect(compareChains(table(rows, []), withRaw).changes).toEqual([]);
  });

  it("nft's 'dnat ip to' is one verdict clause, last, whatever the order of the matches", () => {
    expect(canonicalRule("tcp dport 8080 ip saddr 1.2.3.4 dnat ip to 192.168.1.10:80")).toBe(
      "ip saddr { 1.2.3.4 } tcp dport { 8080 } dnat ip to 192.168.1.10:80",
    );
  });
});
