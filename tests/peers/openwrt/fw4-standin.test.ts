// The fw4 stand-in against docs/openwrt-uci.md §2 and §4: warnings, skipped sections, check and reload.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOpenWrtPeer, type OpenWrtPeer } from "./start-openwrt-peer";

let peer: OpenWrtPeer;
beforeAll(async () => {
  peer = await startOpenWrtPeer({ seed: "foreign" });
});
afterAll(() => peer?.close());
beforeEach(() => {
  peer.uci(["revert", "firewall"]);
});

const batch = (lines: string[]) => peer.uci(["batch"], `${lines.join("\n")}\n`);

describe("fw4 check", () => {
  it("passes the stock + foreign config", () => {
    expect(peer.fw4(["check"])).toEqual({ rc: 0, stdout: "Ruleset passes nftables check.\n", stderr: "" });
  });

  it("warns and skips a section with an invalid value, still exit 0, and reads staged changes", () => {
    batch([
      "set firewall.rampart_bad=rule",
      "set firewall.rampart_bad.name='Bad-port'",
      "set firewall.rampart_bad.src=wan",
      "set firewall.rampart_bad.dest_port=abc",
      "set firewall.rampart_bad.target=ACCEPT",
    ]);
    const r = peer.fw4(["check"]);
    expect(r.rc).toBe(0);
    expect(r.stderr).toBe(
      "[!] Section rampart_bad (Bad-port) option 'dest_port' specifies invalid value 'abc'\n" +
        "[!] Section rampart_bad (Bad-port) skipped due to invalid options\n",
    );
    expect(peer.fw4(["print"]).stdout).not.toContain("Bad-port");
  });

  it("names anonymous sections @rule[i], reports unknown zones, lists where options must be single", () => {
    batch([
      "add firewall rule",
      "set firewall.@rule[-1].name=Anon",
      "set firewall.@rule[-1].src=dmz",
      "add_list firewall.@rule[-1].target=ACCEPT",
    ]);
    const r = peer.fw4(["check"]);
    expect(r.stderr).toContain("[!] Section @rule[11] (Anon) option 'src' specifies invalid value 'dmz'\n");
    expect(r.stderr).toContain("[!] Section @rule[11] (Anon) option 'target' must not be a list\n");
  });

  it("fails like nft on a multi-protocol list item and on a comment over 128 characters", () => {
    batch([
      "set firewall.rampart_mp=rule",
      "set firewall.rampart_mp.src=wan",
      "add_list firewall.rampart_mp.proto='tcp udp'",
      "set firewall.rampart_mp.target=ACCEPT",
    ]);
    const r = peer.fw4(["check"]);
    expect(r.rc).not.toBe(0);
    expect(r.stderr).toMatch(/Error: syntax error, unexpected string\n.*meta l4proto tcp udp/);
    peer.uci(["revert", "firewall"]);
    batch([
      "set firewall.rampart_long=rule",
      "set firewall.rampart_long.src=wan",
      `set firewall.rampart_long.name=${"x".repeat(130)}`,
    ]);
    expect(peer.fw4(["check"]).stderr).toContain("Error: comment too long");
  });

  it('quotes a name like fw4 (\\ before \\ and "): a " fails the load, a \\ is kept doubled in the kernel', () => {
    // fw4's quote() escapes both, but nft's quoted strings have no escapes: `\"` ends the string early.
    batch(["set firewall.rampart_q=rule", "set firewall.rampart_q.src=wan", `set firewall.rampart_q.name='say "hi"'`]);
    const r = peer.fw4(["check"]);
    expect(r.rc).not.toBe(0);
    expect(r.stderr).toMatch(/Error: syntax error, unexpected string\n.*comment "!fw4: say \\"hi\\""/);
    peer.uci(["revert", "firewall"]);
    batch(["set firewall.rampart_b=rule", "set firewall.rampart_b.src=wan", "set firewall.rampart_b.name='a\\b'"]);
    expect(peer.fw4(["check"]).rc).toBe(0);
    expect(peer.fw4(["print"]).stdout).toContain('comment "!fw4: a\\\\b"');
  });

  it("fails like nft on a $ in a log prefix (a variable to nft), not in a comment", () => {
    batch([
      "set firewall.rampart_lp=rule",
      "set firewall.rampart_lp.name='It$x'",
      "set firewall.rampart_lp.src=wan",
      "set firewall.rampart_lp.proto=tcp",
      "set firewall.rampart_lp.dest_port=22",
      "set firewall.rampart_lp.target=ACCEPT",
    ]);
    expect(peer.fw4(["check"]).rc).toBe(0);
    batch(["set firewall.rampart_lp.log='a$b: '"]);
    const r = peer.fw4(["check"]);
    expect(r.rc).toBe(1);
    // the text real nft 1.0.6 prints for `log prefix "a$b: "`
    expect(r.stderr).toMatch(
      /^\/dev\/stdin:\d+:(\d+)-\d+: Error: unknown identifier 'b'\n.*log prefix "a\$b: " .*\n *\^{7}\n$/,
    );
  });

  it("renders ports only for tcp/udp and proto all as a match-everything rule", () => {
    batch([
      "set firewall.rampart_all=rule",
      "set firewall.rampart_all.name=All",
      "set firewall.rampart_all.src=wan",
      "set firewall.rampart_all.proto=all",
      "set firewall.rampart_all.dest_port=22",
      "set firewall.rampart_all.target=ACCEPT",
    ]);
    expect(peer.fw4(["print"]).stdout).toContain('\t\tcounter accept comment "!fw4: All"\n');
  });

  it("writes negated addresses as their own != match, beside the plain ones (fw4 rule.uc saddrs_neg)", () => {
    batch([
      "set firewall.rampart_neg=rule",
      "set firewall.rampart_neg.name=Neg",
      "set firewall.rampart_neg.src=wan",
      "set firewall.rampart_neg.family=ipv4",
      "set firewall.rampart_neg.proto=tcp",
      "add_list firewall.rampart_neg.src_ip=10.0.0.0/8",
      "add_list firewall.rampart_neg.src_ip=!10.1.0.0/16",
      "set firewall.rampart_neg.dest_port=22",
      "set firewall.rampart_neg.target=DROP",
    ]);
    expect(peer.fw4(["print"]).stdout).toContain(
      '\t\tmeta nfproto ipv4 meta l4proto tcp ip saddr 10.0.0.0/8 ip saddr != 10.1.0.0/16 tcp dport 22 counter drop comment "!fw4: Neg"\n',
    );
  });
});

describe("nft counters", () => {
  it("lists what a rule's counter matched; a reload loads the rules anew with counters at 0", () => {
    expect(peer.fw4(["reload"]).rc).toBe(0);
    const handles = peer.countTraffic("!fw4: Allow-DHCP-Renew", 2, 656);
    expect(handles).toHaveLength(1);
    const line = (text: string) => text.split("\n").find((l) => l.includes('"!fw4: Allow-DHCP-Renew"'))!;
    expect(line(peer.nft(["-a", "list", "table", "inet", "fw4"]).stdout)).toMatch(
      /counter packets 2 bytes 656 accept comment "!fw4: Allow-DHCP-Renew" # handle \d+$/,
    );
    expect(line(peer.nft(["list", "table", "inet", "fw4"]).stdout)).toContain(" counter packets 2 bytes 656 accept");
    expect(peer.fw4(["reload"]).rc).toBe(0);
    expect(line(peer.nft(["list", "table", "inet", "fw4"]).stdout)).toContain(" counter packets 0 bytes 0 accept");
  });
});

describe("fw4 reload", () => {
  it("loads staged config atomically; a broken ruleset leaves the old one and still exits 0", () => {
    batch([
      "set firewall.rampart_ok=rule",
      "set firewall.rampart_ok.name=Ok",
      "set firewall.rampart_ok.src=wan",
      "set firewall.rampart_ok.proto=tcp",
      "set firewall.rampart_ok.dest_port=2222",
      "set firewall.rampart_ok.target=ACCEPT",
    ]);
    expect(peer.fw4(["reload"]).rc).toBe(0);
    const good = peer.readLiveRuleset();
    expect(good).toContain('tcp dport 2222 counter accept comment "!fw4: Ok"');
    batch(["add_list firewall.rampart_ok.proto='tcp udp'"]);
    const r = peer.fw4(["reload"]);
    expect(r.rc).toBe(0);
    expect(r.stderr).toContain("Error: syntax error");
    expect(peer.readLiveRuleset()).toBe(good);
    expect(
      peer
        .reloads()
        .slice(-2)
        .map((x) => x.loaded),
    ).toEqual([true, false]);
  });

  it("refuses to reload a firewall that was never started", async () => {
    const down = await startOpenWrtPeer({ firewallLoaded: false });
    try {
      expect(down.fw4(["reload"])).toMatchObject({ rc: 1, stderr: "The fw4 firewall does not appear to be loaded.\n" });
    } finally {
      await down.close();
    }
  });
});

// docs/openwrt-uci.md §4 and §8 item 4b: the kernel keeps set elements across `fw4 reload` (openwrt/openwrt#13028).
describe("kernel sets (nft)", () => {
  const setLines = (entries: string[]) => [
    "set firewall.rampart_set_t_4=ipset",
    "set firewall.rampart_set_t_4.name=rampart_set_t_4",
    "set firewall.rampart_set_t_4.family=ipv4",
    "add_list firewall.rampart_set_t_4.match=net",
    ...entries.map((e) => `add_list firewall.rampart_set_t_4.entry=${e}`),
  ];
  const commitAnd = (cmd: string) => {
    peer.uci(["commit", "firewall"]);
    expect(peer.fw4([cmd]).rc).toBe(0);
  };
  const reset = () => {
    peer.uci(["delete", "firewall.rampart_set_t_4"]);
    peer.uci(["commit", "firewall"]);
    peer.fw4(["restart"]);
  };

  it("fw4 reload keeps an element removed from uci; reload-sets makes the set exact; restart replaces it", () => {
    try {
      batch(setLines(["192.0.2.1", "198.51.100.0/24"]));
      commitAnd("reload");
      expect(peer.kernelSet("rampart_set_t_4")).toEqual(["192.0.2.1", "198.51.100.0/24"]);
      peer.uci(["del_list", "firewall.rampart_set_t_4.entry=192.0.2.1"]);
      peer.uci(["add_list", "firewall.rampart_set_t_4.entry=203.0.113.9/32"]);
      commitAnd("reload");
      // the removed address is still in the kernel set: it still matches
      expect(peer.kernelSet("rampart_set_t_4")).toEqual(["192.0.2.1", "198.51.100.0/24", "203.0.113.9"]);
      expect(peer.nft(["list", "table", "inet", "fw4"]).stdout).toContain(
        "\tset rampart_set_t_4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { 192.0.2.1, 198.51.100.0/24, 203.0.113.9 }\n\t}\n",
      );
      commitAnd("reload-sets");
      expect(peer.kernelSet("rampart_set_t_4")).toEqual(["198.51.100.0/24", "203.0.113.9"]);
      // an emptied set is skipped by reload-sets, not flushed: only nft flush empties it
      peer.uci(["delete", "firewall.rampart_set_t_4.entry"]);
      commitAnd("reload");
      commitAnd("reload-sets");
      expect(peer.kernelSet("rampart_set_t_4")).toEqual(["198.51.100.0/24", "203.0.113.9"]);
      expect(peer.nft(["flush", "set", "inet", "fw4", "rampart_set_t_4"]).rc).toBe(0);
      expect(peer.kernelSet("rampart_set_t_4")).toEqual([]);
      batch(["add_list firewall.rampart_set_t_4.entry=192.0.2.7"]);
      commitAnd("restart");
      expect(peer.kernelSet("rampart_set_t_4")).toEqual(["192.0.2.7"]);
    } finally {
      reset();
    }
  });

  it("a set no longer declared stays in the table until nft deletes it; a file of commands is one transaction", () => {
    try {
      batch(setLines(["192.0.2.1"]));
      commitAnd("reload");
      peer.uci(["delete", "firewall.rampart_set_t_4"]);
      commitAnd("reload");
      expect(peer.kernelSet("rampart_set_t_4")).toEqual(["192.0.2.1"]);
      expect(peer.nft(["-t", "list", "table", "inet", "fw4"]).stdout).toContain(
        "\tset rampart_set_t_4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t}\n",
      );
      const bad = peer.nft(
        ["-f", "-"],
        "delete set inet fw4 rampart_set_t_4\ndelete set inet fw4 rampart_set_nope_4\n",
      );
      expect(bad.rc).toBe(1);
      expect(bad.stderr).toContain("No such file or directory\ndelete set inet fw4 rampart_set_nope_4\n");
      expect(peer.kernelSet("rampart_set_t_4")).toEqual(["192.0.2.1"]);
      expect(peer.nft(["-f", "-"], "delete set inet fw4 rampart_set_t_4\n").rc).toBe(0);
      expect(peer.kernelSet("rampart_set_t_4")).toBeNull();
    } finally {
      reset();
    }
  });
});

// docs/openwrt-costs.md: real fw4 took 2.1 s to check and 1.9 s to reload 2,000 rules; the stand-in takes at
// least as long, in proportion to the rules it renders, so a bench on it does not flatter a full push.
describe("fw4 costs what the real one does", () => {
  it("check and reload of 2,000 rules take at least 2.1 s and 1.9 s, as on the real router", () => {
    const original = peer.uci(["export", "firewall"]).stdout;
    const sections = Array.from(
      { length: 2000 },
      (_, i) =>
        `config rule 'rampart_cost${i}'\n\toption src 'wan'\n\toption proto 'tcp'\n\toption dest_port '${1000 + i}'\n\toption target 'ACCEPT'\n`,
    );
    try {
      expect(peer.uci(["import", "firewall"], `${original}\n${sections.join("\n")}`).rc).toBe(0);
      const rules = peer.fw4(["print"]).stdout.match(/comment "!fw4: /g)?.length ?? 0;
      expect(rules).toBeGreaterThanOrEqual(2000);
      for (const [cmd, perRule] of [
        ["check", 1.05],
        ["reload", 0.95],
      ] as const) {
        const t0 = performance.now();
        expect(peer.fw4([cmd]).rc).toBe(0);
        expect(performance.now() - t0).toBeGreaterThanOrEqual(2000 * perRule);
      }
    } finally {
      peer.uci(["import", "firewall"], original);
    }
  }, 60_000);
});

// Rules changed by hand with nft, outside uci (#17.5): `nft -a` lists handles; insert/add/delete rule work on
// the loaded chains; a reload puts back what the config says and hands out new handles after the old ones.
describe("chains changed by hand (nft)", () => {
  const ruleLines = (chain: string, text: string) => {
    const m = new RegExp(`\\tchain ${chain} \\{[^\\n]*\\n((?:\\t\\t[^\\n]*\\n)*)\\t\\}`).exec(text);
    return m
      ? m[1]
          .split("\n")
          .filter(Boolean)
          .map((l) => l.trim())
      : null;
  };
  it("inserts before, adds after, deletes by handle; plain list hides handles", () => {
    try {
      expect(peer.fw4(["restart"]).rc).toBe(0);
      const before = ruleLines("input_wan", peer.nft(["-a", "list", "table", "inet", "fw4"]).stdout)!;
      expect(before.length).toBeGreaterThan(1);
      expect(before.every((l) => / # handle \d+$/.test(l))).toBe(true);
      const second = /# handle (\d+)$/.exec(before[1])![1];
      expect(peer.nft(["insert", "rule", "inet", "fw4", "input_wan", "tcp", "dport", "8080", "accept"]).rc).toBe(0);
      expect(
        peer.nft(["add", "rule", "inet", "fw4", "input_wan", "position", second, "udp", "dport", "53", "drop"]).rc,
      ).toBe(0);
      const after = ruleLines("input_wan", peer.nft(["-a", "list", "table", "inet", "fw4"]).stdout)!;
      expect(after[0]).toMatch(/^tcp dport 8080 accept # handle \d+$/);
      expect(after[1]).toBe(before[0]);
      expect(after[3]).toMatch(/^udp dport 53 drop # handle \d+$/);
      expect(ruleLines("input_wan", peer.nft(["list", "table", "inet", "fw4"]).stdout)![0]).toBe(
        "tcp dport 8080 accept",
      );
      expect(peer.nft(["delete", "rule", "inet", "fw4", "input_wan", "handle", second]).rc).toBe(0);
      const gone = peer.nft(["delete", "rule", "inet", "fw4", "input_wan", "handle", second]);
      expect(gone.rc).toBe(1);
      expect(gone.stderr).toContain("No such file or directory");
      expect(ruleLines("input_wan", peer.nft(["-a", "list", "table", "inet", "fw4"]).stdout)).not.toContain(before[1]);
      // fw4 reload flushes the chains and loads the config's rules again: the hand-made ones are gone
      expect(peer.fw4(["reload"]).rc).toBe(0);
      const reloaded = ruleLines("input_wan", peer.nft(["list", "table", "inet", "fw4"]).stdout)!;
      expect(reloaded).toEqual(before.map((l) => l.replace(/ # handle \d+$/, "")));
      const handles = ruleLines("input_wan", peer.nft(["-a", "list", "table", "inet", "fw4"]).stdout)!.map((l) =>
        Number(/(\d+)$/.exec(l)![1]),
      );
      expect(Math.min(...handles)).toBeGreaterThan(Math.max(...after.map((l) => Number(/(\d+)$/.exec(l)![1]))));
    } finally {
      peer.fw4(["restart"]);
    }
  });
});

/** One chain of `fw4 print` (or an nft listing), its lines without the tabs. */
const chainOf = (text: string, name: string) => {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^\\tchain ${name} \\{`).test(l));
  if (start < 0) return null;
  const end = lines.findIndex((l, i) => i > start && l.startsWith("\t}"));
  return lines.slice(start + 1, end).map((l) => l.trim().replace(/ # handle \d+$/, ""));
};

describe("NAT sections (fw4 parse_redirect, parse_nat; docs/openwrt-fw4-chains.md NAT)", () => {
  const forward = [
    "set firewall.rampart_rfwd=redirect",
    "set firewall.rampart_rfwd.name='web server'",
    "set firewall.rampart_rfwd.src=wan",
    "set firewall.rampart_rfwd.family=ipv4",
    "add_list firewall.rampart_rfwd.proto=tcp",
    "set firewall.rampart_rfwd.src_dport=8080",
    "set firewall.rampart_rfwd.dest_ip=192.168.1.10",
    "set firewall.rampart_rfwd.dest_port=80",
    "set firewall.rampart_rfwd.reflection=0",
    "set firewall.rampart_rfwd.target=DNAT",
  ];
  const snat = [
    "set firewall.rampart_rsnat=nat",
    "set firewall.rampart_rsnat.src=wan",
    "add_list firewall.rampart_rsnat.proto=udp",
    "set firewall.rampart_rsnat.src_ip=192.168.1.0/24",
    "set firewall.rampart_rsnat.target=SNAT",
    "set firewall.rampart_rsnat.snat_ip=203.0.113.5",
  ];

  it("renders a port forward into dstnat_<zone>, jumped to from dstnat, and accepts DNATed traffic in the zone", () => {
    batch([...forward, ...snat]);
    const r = peer.fw4(["print"]);
    expect(r.stderr).toBe("");
    expect(chainOf(r.stdout, "dstnat")).toEqual([
      'iifname { "wan", "wan6" } jump dstnat_wan comment "!fw4: Handle wan IPv4/IPv6 dstnat traffic"',
    ]);
    expect(chainOf(r.stdout, "dstnat_wan")).toEqual([
      'meta nfproto ipv4 tcp dport 8080 counter dnat 192.168.1.10:80 comment "!fw4: web server"',
    ]);
    expect(chainOf(r.stdout, "input_wan")!.at(-1)).toBe(
      'ct status dnat accept comment "!fw4: Accept port redirections"',
    );
    expect(chainOf(r.stdout, "forward_wan")!.at(-1)).toBe('ct status dnat accept comment "!fw4: Accept port forwards"');
    // no redirect from lan: no DNAT chain and no ct status rule there
    expect(chainOf(r.stdout, "dstnat_lan")).toBeNull();
    expect(chainOf(r.stdout, "input_lan")).not.toContain(
      'ct status dnat accept comment "!fw4: Accept port redirections"',
    );
    // source NAT before the zone's own masquerade; the stock wan zone masquerades (masq 1)
    expect(chainOf(r.stdout, "srcnat")).toEqual([
      'oifname { "wan", "wan6" } jump srcnat_wan comment "!fw4: Handle wan IPv4/IPv6 srcnat traffic"',
    ]);
    expect(chainOf(r.stdout, "srcnat_wan")).toEqual([
      'meta l4proto udp ip saddr 192.168.1.0/24 counter snat 203.0.113.5 comment "!fw4: rampart_rsnat"',
      'meta nfproto ipv4 masquerade comment "!fw4: Masquerade IPv4 wan traffic"',
    ]);
  });

  it("the kernel lists the NAT statements in nft's words (dnat ip to, snat ip to)", () => {
    batch([...forward, ...snat]);
    expect(peer.fw4(["reload"]).rc).toBe(0);
    const listed = peer.nft(["list", "table", "inet", "fw4"]).stdout;
    expect(chainOf(listed, "dstnat_wan")).toEqual([
      'meta nfproto ipv4 tcp dport 8080 counter packets 0 bytes 0 dnat ip to 192.168.1.10:80 comment "!fw4: web server"',
    ]);
    expect(chainOf(listed, "srcnat_wan")![0]).toContain(" snat ip to 203.0.113.5 comment");
    peer.uci(["revert", "firewall"]);
    expect(peer.fw4(["reload"]).rc).toBe(0);
  });

  it("odd but real: without dest_port a forward keeps the arriving port; without a family it is IPv4 only; masquerade matches all protocols", () => {
    batch([
      "set firewall.rampart_rp=redirect",
      "set firewall.rampart_rp.src=wan",
      "set firewall.rampart_rp.src_dport=2222",
      "set firewall.rampart_rp.dest_ip=192.168.1.2",
      "set firewall.rampart_rm=nat",
      "set firewall.rampart_rm.src=lan",
      "set firewall.rampart_rm.target=MASQUERADE",
    ]);
    const out = peer.fw4(["print"]).stdout;
    // proto defaults to tcp and udp: one row each, both to the port the packet arrived for
    expect(chainOf(out, "dstnat_wan")).toEqual([
      'meta nfproto ipv4 tcp dport 2222 counter dnat 192.168.1.2:2222 comment "!fw4: rampart_rp"',
      'meta nfproto ipv4 udp dport 2222 counter dnat 192.168.1.2:2222 comment "!fw4: rampart_rp"',
    ]);
    expect(chainOf(out, "srcnat_lan")).toEqual(['meta nfproto ipv4 counter masquerade comment "!fw4: rampart_rm"']);
  });

  it("skips what fw4 refuses, with its warnings", () => {
    batch([
      // no src: fw4 drops it with one warning, no "skipped due to invalid options"
      "set firewall.rampart_nosrc=redirect",
      "set firewall.rampart_nosrc.dest_ip=192.168.1.2",
      "set firewall.rampart_any=redirect",
      "set firewall.rampart_any.src=*",
      "set firewall.rampart_any.dest_ip=192.168.1.2",
      // address options of redirects are single values
      "set firewall.rampart_list=redirect",
      "set firewall.rampart_list.src=wan",
      "add_list firewall.rampart_list.src_ip=198.51.100.1",
      "set firewall.rampart_badip=nat",
      "set firewall.rampart_badip.src=wan",
      "set firewall.rampart_badip.target=SNAT",
      "set firewall.rampart_badip.snat_ip=!203.0.113.5",
      "set firewall.rampart_masqip=nat",
      "set firewall.rampart_masqip.src=wan",
      "set firewall.rampart_masqip.snat_ip=203.0.113.5",
      "set firewall.rampart_icmpport=nat",
      "set firewall.rampart_icmpport.src=wan",
      "add_list firewall.rampart_icmpport.proto=icmp",
      "set firewall.rampart_icmpport.dest_port=80",
    ]);
    const r = peer.fw4(["check"]);
    expect(r.rc).toBe(0);
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      "[!] Section rampart_nosrc has no source specified",
      "[!] Section rampart_any must not have source '*' for dnat target",
      "[!] Section rampart_list option 'src_ip' must not be a list",
      "[!] Section rampart_list skipped due to invalid options",
      "[!] Section rampart_badip option 'snat_ip' specifies invalid value '!203.0.113.5'",
      "[!] Section rampart_badip skipped due to invalid options",
      "[!] Section rampart_masqip must not use 'snat_ip' for non-snat target, ignoring section",
      "[!] Section rampart_icmpport specifies ports but no UDP/TCP protocol, ignoring section",
    ]);
    expect(chainOf(peer.fw4(["print"]).stdout, "dstnat")).toEqual([]);
  });

  it("odd but real: a reflecting redirect with a dest zone marks that zone for DNAT too, even with no rule to put there", () => {
    batch([
      "set firewall.rampart_rr=redirect",
      "set firewall.rampart_rr.src=wan",
      "set firewall.rampart_rr.dest=lan",
      "add_list firewall.rampart_rr.proto=tcp",
      "set firewall.rampart_rr.src_dport=80",
      "set firewall.rampart_rr.dest_ip=192.168.1.2",
    ]);
    const out = peer.fw4(["print"]).stdout;
    // the stand-in's zones have no subnets, so no reflection rule is built (fw4 would need them)
    expect(chainOf(out, "dstnat_lan")).toEqual([]);
    expect(chainOf(out, "forward_lan")!.at(-1)).toBe('ct status dnat accept comment "!fw4: Accept port forwards"');
  });
});
