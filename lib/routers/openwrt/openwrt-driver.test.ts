// OpenWrt-specific driver behaviour against the stand-in: host key pinning, key login, quoting end to end,
// fw4 refusals, foreign staged changes, faults mid-batch. State is always read from the stand-in.
import { utils } from "ssh2";
import { describe, expect, it } from "vitest";
import type { VendorOp } from "../driver";
import { driverFailure as failure, standInsPerTest, targetOf } from "@/tests/support/openwrt-driver-kit";
import { openWrtDriver } from "./openwrt-driver";
import { uciAddListLine, uciSetLine } from "./uci-quote";

const { start, connect } = standInsPerTest();
const addRule = (id: string, name: string, extra: string[] = []): VendorOp => ({
  label: `add rule ${id}`,
  wire: [
    uciSetLine(`rampart_${id}`, null, "rule"),
    uciSetLine(`rampart_${id}`, "name", name),
    uciSetLine(`rampart_${id}`, "src", "wan"),
    uciSetLine(`rampart_${id}`, "target", "ACCEPT"),
    ...extra,
  ],
});

describe("host key", () => {
  it("learns the key on first connect and reports it through identify()", async () => {
    const p = await start();
    const s = await connect(p, { hostKeyFingerprint: undefined });
    const id = await s.identify();
    expect(id).toMatchObject({
      fingerprint: p.hostKeyFingerprint,
      version: "23.05.3",
      model: "Example Router X1",
      name: "OpenWrt",
    });
    expect(id.uptimeSeconds).toBeGreaterThan(0);
  });

  it("refuses a changed key with host-key-mismatch and a clear warning", async () => {
    const p = await start();
    const pinned = p.hostKeyFingerprint;
    const rotated = await p.rotateHostKey();
    const e = await failure(openWrtDriver.connect(targetOf(p, { hostKeyFingerprint: pinned })));
    expect(e.kind).toBe("host-key-mismatch");
    expect(e.message).toContain("WARNING");
    expect(e.message).toContain(rotated);
    const s = await connect(p, { hostKeyFingerprint: rotated });
    expect((await s.identify()).fingerprint).toBe(rotated);
  });
});

describe("authentication", () => {
  it("logs in with a private key; an unknown key is auth, never echoing the key", async () => {
    const keys = utils.generateKeyPairSync("ed25519");
    const p = await start({ authorizedKeys: [keys.public] });
    const s = await connect(p, { password: undefined, privateKey: keys.private });
    expect((await s.readFirewall()).items.length).toBeGreaterThan(0);
    const stranger = utils.generateKeyPairSync("ed25519");
    const e = await failure(openWrtDriver.connect(targetOf(p, { password: undefined, privateKey: stranger.private })));
    expect(e.kind).toBe("auth");
    expect(e.message).not.toContain("PRIVATE KEY");
  });
});

describe("apply", () => {
  it("stores hostile text exactly, commits, and reloads fw4", async () => {
    const p = await start();
    const s = await connect(p);
    // No `"`: fw4 cannot quote one (docs/openwrt-push-truth.md); the compiler refuses it before apply.
    const name = `It's $(reboot) \`id\` ; # \\x ünï`;
    await s.apply([
      addRule("r1hostile", name, [
        uciAddListLine("rampart_r1hostile", "proto", "tcp"),
        uciAddListLine("rampart_r1hostile", "dest_port", "22"),
      ]),
    ]);
    expect(p.uci(["get", "firewall.rampart_r1hostile.name"]).stdout).toBe(`${name}\n`);
    expect(p.readConfig()).toContain(`\toption name 'It'\\''s $(reboot) \`id\` ; # \\x ünï'\n`);
    expect(p.uci(["changes"]).stdout).toBe("");
    expect(p.readLiveRuleset()).toContain("tcp dport 22 counter accept comment \"!fw4: It's $(reboot)");
    expect(
      p
        .reloads()
        .filter((r) => r.cmd === "reload")
        .at(-1),
    ).toMatchObject({ cmd: "reload", loaded: true });
  });

  it("an op fw4 check rejects is reverted and the ops committed before it are put back (committed = running)", async () => {
    const p = await start();
    const s = await connect(p);
    const e = await failure(
      s.apply([addRule("r1ok", "ok"), addRule("r2bad", "bad", [uciAddListLine("rampart_r2bad", "proto", "tcp udp")])]),
    );
    expect(e).toMatchObject({ kind: "router-error", opIndex: 1 });
    expect(e.routerMessage).toContain("syntax error");
    expect(e.message).toMatch(/the committed config was put back as before and reloaded/);
    expect(p.readConfig()).not.toContain("rampart_r1ok");
    expect(p.readConfig()).not.toContain("rampart_r2bad");
    expect(p.uci(["changes"]).stdout).toBe("");
  });

  it("an op fw4 would skip ([!] naming our section) is refused too", async () => {
    const p = await start();
    const s = await connect(p);
    const e = await failure(s.apply([addRule("r3port", "port", [uciSetLine("rampart_r3port", "dest_port", "abc")])]));
    expect(e).toMatchObject({ kind: "router-error", opIndex: 0 });
    expect(e.routerMessage).toBe(
      "[!] Section rampart_r3port (port) option 'dest_port' specifies invalid value 'abc'\n[!] Section rampart_r3port (port) skipped due to invalid options",
    );
    expect(p.readConfig()).not.toContain("rampart_r3port");
  });

  it("refuses to push on top of someone else's uncommitted changes, leaving them alone", async () => {
    const p = await start();
    p.uci(["set", "firewall.guest_ssh.dest_port=2200"]);
    const s = await connect(p);
    const e = await failure(s.apply([addRule("r4", "x")]));
    expect(e.kind).toBe("router-error");
    expect(e.routerMessage).toBe("firewall.guest_ssh.dest_port='2200'");
    expect(p.uci(["changes"]).stdout).toBe("firewall.guest_ssh.dest_port='2200'\n");
  });

  it("a line the router refuses mid-op: router-error with uci's stderr, nothing of that op staged", async () => {
    const p = await start({ faults: { refuseBatchLine: "target" } });
    const s = await connect(p);
    const e = await failure(s.apply([addRule("r5", "x")]));
    expect(e).toMatchObject({ kind: "router-error", opIndex: 0, routerMessage: "uci: Invalid argument" });
    expect(p.uci(["changes"]).stdout).toBe("");
    expect(p.readConfig()).not.toContain("rampart_r5");
  });

  it("connection dropped after 3 of 6 batch lines: closed, the staged half reverted over a new connection", async () => {
    const p = await start({ faults: { dropAfterBatchLines: 3 } });
    const s = await connect(p);
    const e = await failure(s.apply([addRule("r6", "x", [uciSetLine("rampart_r6", "proto", "tcp")])]));
    expect(e).toMatchObject({ kind: "closed", opIndex: 0 });
    expect(p.uci(["changes"]).stdout).toBe("");
    expect(p.readConfig()).not.toContain("rampart_r6");
    expect((await failure(s.readFirewall())).kind).toBe("closed");
  });

  it("refuses wire lines that would smuggle a second command, before sending anything", async () => {
    const p = await start();
    const s = await connect(p);
    const before = p.readConfig();
    for (const wire of [["set firewall.x.name='a'\ncommit firewall"], ["commit firewall"], ["exit"]]) {
      const e = await failure(s.apply([{ label: "evil", wire }]));
      expect(e).toMatchObject({ kind: "protocol", opIndex: 0 });
    }
    expect(p.readConfig()).toBe(before);
  });

  it("a slow router beyond the command deadline: timeout naming the op", async () => {
    const p = await start();
    const s = await connect(p, { commandTimeoutMs: 1500 });
    p.setFaults({ delayPerLineMs: 1000 });
    const e = await failure(s.apply([addRule("r7", "x")]));
    expect(e).toMatchObject({ kind: "timeout", opIndex: 0 });
    expect(e.message).toMatch(/timed out after 1\.5 s/);
    p.setFaults({});
    // the stand-in process exits once its session is gone; what it had staged is reverted
    await new Promise((r) => setTimeout(r, 300));
    expect(p.uci(["changes"]).stdout).toBe("");
  });
});
