// The stand-in as Rampart meets it: real sshd, password and key login, an OpenWrt-like shell, faults.
import fs from "node:fs";
import { utils, type Client } from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenWrtPeer, type OpenWrtPeer } from "./start-openwrt-peer";
import { sshConnect, sshExec } from "./ssh-exec-for-tests";

const keys = utils.generateKeyPairSync("ed25519");
/** Where and as whom a client logs in to a stand-in, by password. */
const loginOf = (p: OpenWrtPeer) => ({ host: p.host, port: p.port, username: p.username, password: p.password });
let peer: OpenWrtPeer;
let other: OpenWrtPeer;
let client: Client;

beforeAll(async () => {
  [peer, other] = await Promise.all([
    startOpenWrtPeer({ seed: "foreign", authorizedKeys: [keys.public] }),
    startOpenWrtPeer({ seed: "minimal" }),
  ]);
  client = await sshConnect(loginOf(peer));
});
afterAll(async () => {
  client?.end();
  await Promise.all([peer?.close(), other?.close()]);
});

describe("OpenWrt stand-in over SSH", () => {
  it("runs uci, fw4 and ubus from an ash login with OpenWrt's PATH", async () => {
    expect((await sshExec(client, "uci get firewall.guest_ssh.name")).stdout).toBe("Guest-SSH\n");
    expect((await sshExec(client, "fw4 check")).stdout).toBe("Ruleset passes nftables check.\n");
    const board = JSON.parse((await sshExec(client, "ubus call system board")).stdout);
    expect(board).toMatchObject({ model: "Example Router X1", release: { version: "23.05.3" } });
    const shell = await sshExec(client, "command -v nohup setsid timeout; command -v flock; echo $PATH");
    expect(shell.stdout).not.toMatch(/nohup|setsid|timeout/);
    expect(shell.stdout).toContain("/flock\n");
    expect((await sshExec(client, "sleep 0.1")).code).toBe(1);
  });

  it("keeps each peer's state apart", async () => {
    await sshExec(client, "uci batch", "set firewall.rampart_x=rule\ncommit firewall\n");
    expect(peer.readConfig()).toContain("config rule 'rampart_x'");
    expect(other.readConfig()).not.toContain("rampart_x");
    expect(other.uci(["show", "firewall"]).stdout).not.toContain("guest_ssh");
  });

  it("accepts a public key and rejects a wrong password", async () => {
    const byKey = await sshConnect({
      host: peer.host,
      port: peer.port,
      username: peer.username,
      privateKey: keys.private,
    });
    expect((await sshExec(byKey, "uci get firewall.@zone[0].name")).stdout).toBe("lan\n");
    byKey.end();
    await expect(
      sshConnect({ host: peer.host, port: peer.port, username: peer.username, password: "wrong" }),
    ).rejects.toThrow(/authentication/i);
  });

  it("reports the host key fingerprint the client sees", async () => {
    let seen = "";
    const c = await sshConnect({
      ...loginOf(other),
      hostHash: "sha256",
      hostVerifier: (h: string) => ((seen = h), true),
    } as never);
    c.end();
    expect(`SHA256:${Buffer.from(seen, "hex").toString("base64").replace(/=+$/, "")}`).toBe(other.hostKeyFingerprint);
  });

  it("rejects exec commands over 9000 bytes like dropbear", async () => {
    const r = await sshExec(client, `echo ${"x".repeat(9100)}`);
    expect(r.code).toBe(1);
  });

  it("fault: drops the connection after N batch lines, keeping those lines staged", async () => {
    const c = await sshConnect(loginOf(other));
    other.setFaults({ dropAfterBatchLines: 2 });
    const closed = new Promise<void>((r) => c.on("close", () => r()));
    const r = await sshExec(
      c,
      "uci batch",
      "set firewall.rampart_a=rule\nset firewall.rampart_b=rule\nset firewall.rampart_c=rule\n",
    );
    await closed;
    other.setFaults({});
    expect(r.code).not.toBe(0);
    expect(other.uci(["changes", "firewall"]).stdout).toBe("firewall.rampart_a='rule'\nfirewall.rampart_b='rule'\n");
    other.uci(["revert", "firewall"]);
  });

  it("each router has its own /tmp: what one keeps there the other does not see", async () => {
    const c = await sshConnect(loginOf(other));
    await sshExec(client, "echo mine > /tmp/rampart-isolation-test");
    expect((await sshExec(client, "cat /tmp/rampart-isolation-test")).stdout).toBe("mine\n");
    expect((await sshExec(c, "cat /tmp/rampart-isolation-test")).code).not.toBe(0);
    c.end();
    if (peer.tmpDir !== "/tmp") expect(fs.readFileSync(`${peer.tmpDir}/rampart-isolation-test`, "utf8")).toBe("mine\n");
    await sshExec(client, "rm /tmp/rampart-isolation-test");
  });

  it("fault: the n-th command never runs, or runs and its reply is lost", async () => {
    for (const when of ["before", "after"] as const) {
      const c = await sshConnect(loginOf(other));
      other.setFaults({ dropAtCommand: { n: 2, when } });
      expect((await sshExec(c, "echo one")).stdout).toBe("one\n");
      const closed = new Promise<void>((r) => c.on("close", () => r()));
      const r = await sshExec(c, "echo ran > /tmp/rampart-drop-test; echo two");
      await closed;
      expect(other.droppedCommand()).toBe("echo ran > /tmp/rampart-drop-test; echo two");
      other.setFaults({});
      expect(r.stdout).toBe("");
      expect(r.code).toBeNull();
      expect(fs.existsSync(`${other.tmpDir}/rampart-drop-test`)).toBe(when === "after");
      fs.rmSync(`${other.tmpDir}/rampart-drop-test`, { force: true });
    }
  });

  it("fault: commands sent at once on one connection are each counted once", async () => {
    // a push reads the firewall and lists revert timers at the same time; the fault suite walks the count
    const c = await sshConnect(loginOf(other));
    other.setFaults({ dropAtCommand: { n: Number.MAX_SAFE_INTEGER, when: "before" } });
    for (let round = 0; round < 3; round++) {
      const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => sshExec(c, `echo ${i}`)));
      expect(replies.map((r) => r.stdout)).toEqual(Array.from({ length: 12 }, (_, i) => `${i}\n`));
    }
    const counted = other.commandsCounted();
    other.setFaults({});
    c.end();
    expect(counted).toBe(36);
  });

  it("advanceClock: a detached sleeper wakes at once, and nothing is left running", async () => {
    await sshExec(client, "( sleep 600; echo woke > /tmp/rampart-clock-test ) </dev/null >/dev/null 2>&1 &");
    const until = Date.now() + 5000;
    while (!peer.processes().some((p) => / sleep 600$/.test(p)) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    expect(peer.processes().some((p) => / sleep 600$/.test(p))).toBe(true);
    await peer.advanceClock();
    expect(fs.readFileSync(`${peer.tmpDir}/rampart-clock-test`, "utf8")).toBe("woke\n");
    expect(peer.processes()).toEqual([]);
    fs.rmSync(`${peer.tmpDir}/rampart-clock-test`, { force: true });
  });
});
