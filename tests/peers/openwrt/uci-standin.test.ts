// The uci stand-in against docs/openwrt-uci.md §3: formats, quoting, errors, batch tokenising, staging.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOpenWrtPeer, type OpenWrtPeer } from "./start-openwrt-peer";

let peer: OpenWrtPeer;
let stock: string;

beforeAll(async () => {
  peer = await startOpenWrtPeer({ seed: "foreign" });
  stock = peer.readConfig();
});
afterAll(() => peer?.close());
beforeEach(() => {
  peer.uci(["revert", "firewall"]);
  // overwrite in place (keeps the login user as owner) so the seed's comments survive between tests
  fs.writeFileSync(path.join(peer.configDir, "firewall"), stock);
});

const sh = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;

describe("show / get / export", () => {
  it("prints anonymous sections as @type[i] and lists quoted item by item", () => {
    const out = peer.uci(["show", "firewall"]).stdout;
    expect(out).toContain("firewall.@zone[1]=zone\n");
    expect(out).toContain("firewall.@zone[1].network='wan' 'wan6'\n");
    expect(out).toContain("firewall.guest_ssh=rule\nfirewall.guest_ssh.name='Guest-SSH'\n");
    // named sections count in the @rule index: guest_ssh is rule 9, the anonymous one after it rule 10
    expect(out).toContain("firewall.@rule[10].name='Drop-blocklist'\n");
  });

  it("shows a single anonymous section under its cfg id", () => {
    expect(peer.uci(["show", "firewall.@rule[0]"]).stdout.split("\n")[0]).toBe("firewall.cfg0592bd=rule");
    expect(peer.uci(["-X", "show", "firewall"]).stdout).toContain("firewall.cfg01e63d=defaults\n");
  });

  it("get prints raw values, section types, lists space-joined", () => {
    expect(peer.uci(["get", "firewall.@zone[1].network"]).stdout).toBe("wan wan6\n");
    expect(peer.uci(["get", "firewall.guest_ssh"]).stdout).toBe("rule\n");
    expect(peer.uci(["get", "firewall"])).toEqual({ rc: 0, stdout: "", stderr: "" });
    peer.uci(["add_list", "firewall.guest_ssh.x=a b"]);
    peer.uci(["add_list", "firewall.guest_ssh.x=c"]);
    expect(peer.uci(["get", "firewall.guest_ssh.x"]).stdout).toBe("'a b' c\n");
  });

  it("export writes package, config lines, option and list lines", () => {
    const out = peer.uci(["export", "firewall"]).stdout;
    expect(out.startsWith("package firewall\n\nconfig defaults\n\toption syn_flood '1'\n")).toBe(true);
    expect(out).toContain("\nconfig rule 'guest_ssh'\n\toption name 'Guest-SSH'\n");
    expect(out).toContain("\tlist network 'wan'\n\tlist network 'wan6'\n");
    expect(out.endsWith("'\n\n")).toBe(true);
  });
});

describe("quoting round trips", () => {
  const values = [
    "It's",
    "a'b'c",
    "''",
    `"double"`,
    "$(reboot)",
    "`id`",
    "back\\slash",
    "a=b=c",
    "semi;colon",
    "hash#tag",
    "  spaced  ",
    "ünïcødé ✓",
    "tab\there",
  ];
  for (const v of values) {
    it(`set/get/show keep ${JSON.stringify(v)}`, () => {
      const r = peer.uci(["batch"], `set firewall.guest_ssh.name=${sh(v)}\n`);
      expect(r).toEqual({ rc: 0, stdout: "", stderr: "" });
      expect(peer.uci(["get", "firewall.guest_ssh.name"]).stdout).toBe(`${v}\n`);
      expect(peer.uci(["show", "firewall.guest_ssh.name"]).stdout).toBe(`firewall.guest_ssh.name=${sh(v)}\n`);
      peer.uci(["commit", "firewall"]);
      expect(peer.readConfig()).toContain(`\toption name ${sh(v)}\n`);
      expect(peer.uci(["get", "firewall.guest_ssh.name"]).stdout).toBe(`${v}\n`);
    });
  }

  it("batch tokenising: unquoted # comments, ; drops the rest, quotes glue, double quotes unescape", () => {
    peer.uci(
      ["batch"],
      [
        "set firewall.guest_ssh.a=x#comment",
        "set firewall.guest_ssh.b=one; set firewall.guest_ssh.c=never",
        "set firewall.guest_ssh.d='it'\\''s'\"\\\"q\\\"\"",
        "set firewall.guest_ssh.e=no\\ space",
        "",
      ].join("\n"),
    );
    expect(peer.uci(["get", "firewall.guest_ssh.a"]).stdout).toBe("x\n");
    expect(peer.uci(["get", "firewall.guest_ssh.b"]).stdout).toBe("one\n");
    expect(peer.uci(["get", "firewall.guest_ssh.c"]).rc).toBe(1);
    expect(peer.uci(["get", "firewall.guest_ssh.d"]).stdout).toBe(`it's"q"\n`);
    expect(peer.uci(["get", "firewall.guest_ssh.e"]).stdout).toBe("no space\n");
  });
});

describe("errors and exit codes", () => {
  it.each([
    [["get", "firewall.nosuch"], 1, "uci: Entry not found\n"],
    [["show", "firewall.nosuch"], 1, "uci: Entry not found\n"],
    [["add", "nosuch", "rule"], 3, "uci: Entry not found\n"],
    [["set", "firewall.nosuch.x=1"], 1, "uci: Invalid argument\n"],
    [["set", "firewall.a-b=rule"], 1, "uci: Invalid argument\n"],
    [["set", "firewall.guest_ssh.bad-name=1"], 1, "uci: Parse error\n"],
    [["set", "firewall.guest_ssh.x=a\u0001b"], 1, "uci: Parse error\n"],
    [["delete", "firewall.nosuch"], 1, "uci: Entry not found\n"],
    [["reorder", "firewall.guest_ssh"], 1, "uci: Entry not found\n"],
    [["delete", "firewall.@zone[1].network=x"], 1, ""],
    [["revert", "firewall.nosuch"], 0, ""],
  ])("uci %j -> rc %i", (args, rc, stderr) => {
    expect(peer.uci(args as string[])).toMatchObject({ rc, stderr });
  });

  it("unknown verbs and wrong argument counts print usage and exit 255; -q hides messages, not codes", () => {
    const r = peer.uci(["frobnicate"]);
    expect(r.rc).toBe(255);
    expect(r.stderr).toMatch(/^Usage: uci/);
    expect(peer.uci(["get"]).rc).toBe(255);
    expect(peer.uci(["-q", "get", "firewall.nosuch"])).toEqual({ rc: 1, stdout: "", stderr: "" });
  });
});

describe("staging, batch and commit", () => {
  it("batch always exits 0, keeps successful lines staged and reports failures on stderr", () => {
    const r = peer.uci(
      ["batch"],
      [
        "set firewall.rampart_r1=rule",
        "set firewall.nosuch.name=x",
        "frob firewall",
        "set a b c d e",
        "add firewall rule",
        "set firewall.@rule[-1].name=last",
        "set firewall.rampart_r1.name=ok",
        "",
      ].join("\n"),
    );
    expect(r.rc).toBe(0);
    expect(r.stdout).toBe("cfg1292bd\n"); // 16 sections in the file + rampart_r1, so the 18th
    expect(r.stderr).toBe("uci: Invalid argument\nUnknown command\nToo many arguments\n");
    expect(peer.uci(["changes", "firewall"]).stdout).toBe(
      "firewall.rampart_r1='rule'\nfirewall.cfg1292bd='rule'\nfirewall.cfg1292bd.name='last'\nfirewall.rampart_r1.name='ok'\n",
    );
    expect(peer.readConfig()).toBe(stock); // nothing committed yet
  });

  it("an unterminated quote swallows all later lines", () => {
    const r = peer.uci(["batch"], "set firewall.guest_ssh.a='open\nset firewall.guest_ssh.b=1\n");
    expect(r.rc).toBe(0);
    expect(r.stderr).toMatch(/^uci: Parse error \(unterminated '\) at line 1/);
    expect(peer.uci(["get", "firewall.guest_ssh.b"]).rc).toBe(1);
  });

  it("changes prints every delta kind in uci's format", () => {
    peer.uci(
      ["batch"],
      [
        "add_list firewall.guest_ssh.proto=udp",
        "del_list firewall.@zone[1].network=wan6",
        "delete firewall.guest_ssh.target",
        "rename firewall.guest_ssh=guest_ssh2",
        "reorder firewall.guest_ssh2=0",
        "",
      ].join("\n"),
    );
    expect(peer.uci(["changes"]).stdout).toBe(
      [
        "firewall.guest_ssh.proto+='udp'",
        "firewall.cfg03dc81.network-='wan6'",
        "-firewall.guest_ssh.target",
        "firewall.guest_ssh='guest_ssh2'",
        "firewall.guest_ssh2='0'",
        "",
      ].join("\n"),
    );
    expect(peer.uci(["get", "firewall.guest_ssh2.proto"]).stdout).toBe("tcp udp\n");
    // reorder moved guest_ssh2 to the very first position; ids of anonymous sections stay until commit
    expect(peer.uci(["show", "firewall.@[0]"]).stdout).toMatch(/^firewall.guest_ssh2=rule/);
    expect(peer.uci(["show", "firewall.@rule[1]"]).stdout).toMatch(/^firewall.cfg0592bd=rule/);
  });

  it("commit drops comments, renumbers cfg ids, empties the delta file; nothing pending leaves the file alone", () => {
    const file = path.join(peer.configDir, "firewall");
    const before = fs.statSync(file).mtimeMs;
    peer.uci(["commit", "firewall"]);
    expect(fs.statSync(file).mtimeMs).toBe(before);
    expect(peer.uci(["delete", "firewall.@rule[0]"]).rc).toBe(0);
    peer.uci(["commit", "firewall"]);
    const text = peer.readConfig();
    expect(text).not.toContain("#");
    expect(text.startsWith("\nconfig defaults\n")).toBe(true);
    expect(peer.uci(["changes", "firewall"]).stdout).toBe("");
    expect(peer.uci(["show", "firewall.@rule[0]"]).stdout).toMatch(
      /^firewall.cfg0592bd=rule\nfirewall.cfg0592bd.name='Allow-Ping'/,
    );
  });

  it("set '' deletes, set on a list replaces it, delete o=N removes one item, reorder is absolute", () => {
    peer.uci(["set", "firewall.guest_ssh.src="]);
    expect(peer.uci(["get", "firewall.guest_ssh.src"]).rc).toBe(1);
    peer.uci(["delete", "firewall.@zone[1].network=0"]);
    expect(peer.uci(["get", "firewall.@zone[1].network"]).stdout).toBe("wan6\n");
    peer.uci(["set", "firewall.@zone[1].network=x"]);
    expect(peer.uci(["show", "firewall.@zone[1].network"]).stdout).toBe("firewall.cfg03dc81.network='x'\n");
    peer.uci(["reorder", "firewall.guest_ssh=99"]);
    expect(peer.uci(["show", "firewall.@[-1]"]).stdout).toMatch(/^firewall.guest_ssh=rule/);
    peer.uci(["rename", "firewall.guest_ssh=bad-name"]);
    expect(peer.uci(["get", "firewall.guest_ssh"]).stdout).toBe("rule\n"); // invalid rename dropped on load
  });

  it("revert drops staged changes; import replaces the file and refuses a parse error", () => {
    peer.uci(["set", "firewall.guest_ssh.name=x"]);
    peer.uci(["revert", "firewall"]);
    expect(peer.uci(["changes"]).stdout).toBe("");
    const bad = peer.uci(["import", "firewall"], "config rule\n\toption name 'open\n");
    expect(bad.rc).toBe(1);
    expect(bad.stderr).toMatch(/^uci: Parse error/);
    expect(peer.readConfig()).toBe(stock);
    expect(peer.uci(["import", "firewall"], "package firewall\nconfig rule 'only'\n\toption name 'x'\n").rc).toBe(0);
    expect(peer.readConfig()).toBe("\nconfig rule 'only'\n\toption name 'x'\n\n");
  });
});

describe("staged changes in export (docs/openwrt-uci.md §3)", () => {
  it("uci export includes another admin's staged edits; with an empty save dir (-t) it is the committed config", async () => {
    const p = await startOpenWrtPeer({ seed: "minimal" });
    try {
      const committed = p.uci(["export", "firewall"]).stdout;
      p.uci(["set", "firewall.other_admin=rule"]);
      expect(p.uci(["export", "firewall"]).stdout).toContain("config rule 'other_admin'");
      const empty = fs.mkdtempSync("/tmp/rampart-nostage-test-");
      fs.chmodSync(empty, 0o755);
      try {
        expect(p.uci(["-t", empty, "export", "firewall"]).stdout).toBe(committed);
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    } finally {
      await p.close();
    }
  });
});
