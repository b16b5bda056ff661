// Issue #20 item 3 on OpenWrt: a rule set with a port forward and a masquerade pushed to the OpenWrt stand-in
// (real sshd, uci/fw4/nft stand-ins) through lib/push, read back in sync from the config and the kernel, a hand
// edit seen by drift, and the forward checked through the packet tester. Router state is read from the stand-in.
import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { packetTestView } from "@/lib/analysis/views";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import { packetSchema } from "@/lib/rules/analysis/packet-schema";
import type { RuleSetContent } from "@/lib/rules/schema";
import { openWrtDriver } from "@/lib/routers/openwrt";
import { rule } from "@/tests/support/rule-fixtures";
import type { OpenWrtPeer } from "@/tests/peers/openwrt/start-openwrt-peer";
import {
  expectOpenWrtState,
  openWrtForeign,
  openWrtPushHooks,
  openWrtState,
  saveRevision,
  setupPushDatabase,
  v1,
} from "./push-fixture";
import { targetOf } from "@/tests/support/openwrt-driver-kit";

vi.setConfig({ testTimeout: 120_000 });

const dir = setupPushDatabase("push-openwrt-nat");
const h = openWrtPushHooks();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const poll = (routerId: string) => h.poll(routerId, { timeoutMs: 5000 });

const forward = makeNatRule(
  {
    comment: "web server",
    inInterface: "wan",
    dstPorts: [{ from: 8080, to: 8080 }],
    toAddress: "192.168.1.10",
    toPort: 80,
  },
  () => "rnatweb01",
);
const masq = makeNatRule({ kind: "masquerade", protocol: "any", outInterface: "wan" }, () => "rnatmasq1");
const allowWeb = rule({
  id: "rallowweb",
  chain: "forward",
  inInterface: "wan",
  outInterface: "lan",
  protocol: "tcp",
  family: "ipv4",
  dst: { kind: "addresses", values: ["192.168.1.10"], negate: false },
  dstPorts: [{ from: 80, to: 80 }],
  comment: "web in",
});
const withNat: RuleSetContent = { ...v1, rules: [...v1.rules, allowWeb], nat: [forward, masq] };

const arriving = packetSchema.parse({
  chain: "input",
  inInterface: "wan",
  src: "198.51.100.7",
  dst: "203.0.113.1",
  protocol: "tcp",
  srcPort: 40000,
  dstPort: 8080,
  state: "new",
});

/** Rampart's sections as the router holds them, through the OpenWrt driver's own read and decompile. */
async function readBack(peer: OpenWrtPeer): Promise<RuleSetContent> {
  const session = await openWrtDriver.connect(targetOf(peer));
  try {
    const live = await session.readFirewall();
    const r = openWrtDriver.planner!.decompile!(live, { managedOnly: true });
    expect(r.skipped).toEqual([]);
    return r.content;
  } finally {
    await session.close();
  }
}

const chainOf = (text: string, name: string) => {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`\tchain ${name} {`));
  if (start < 0) return null;
  const end = lines.findIndex((l, i) => i > start && l.startsWith("\t}"));
  return lines.slice(start + 1, end).map((l) => l.trim().replace(/ # handle \d+$/, ""));
};

describe("NAT pushed to OpenWrt", () => {
  it("pushes a port forward and a masquerade as redirect and nat sections, reads them back in sync from config and kernel, and drift sees a hand edit", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const foreignBefore = openWrtForeign(peer);
    const revision = await saveRevision(h.users.admin.userId, ruleSetId, withNat);

    const p = await h.preview(routerId, ruleSetId, revision);
    expect(p.plan.counts).toEqual({ add: 3, change: 0, remove: 0, move: 0 });
    const wire = p.plan.ops.flatMap((o) => o.wire);
    expect(wire).toContain("set firewall.rampart_rnatweb01='redirect'");
    expect(wire).toContain("set firewall.rampart_rnatweb01.src='wan'");
    expect(wire).toContain("set firewall.rampart_rnatmasq1='nat'");
    expect(p.lockout).toMatchObject({ checked: true, blockedBy: null });

    const d = await h.startAndWait(routerId, ruleSetId, revision, p.id);
    expect(d.status, d.error ?? "").toBe("done");
    expect(openWrtForeign(peer)).toEqual(foreignBefore);
    expect(peer.uci(["get", "firewall.rampart_rnatweb01"]).stdout).toBe("redirect\n");
    expect(peer.uci(["get", "firewall.rampart_rnatweb01.dest_ip"]).stdout).toBe("192.168.1.10\n");
    expect(peer.uci(["get", "firewall.rampart_rnatmasq1.target"]).stdout).toBe("MASQUERADE\n");
    expect(peer.uci(["changes", "firewall"]).stdout).toBe("");
    // what the kernel runs: the forward in wan's dstnat chain, DNATed traffic accepted in wan's chains
    const live = peer.nft(["list", "table", "inet", "fw4"]).stdout;
    expect(chainOf(live, "dstnat_wan")).toEqual([
      'meta nfproto ipv4 tcp dport 8080 counter packets 0 bytes 0 dnat ip to 192.168.1.10:80 comment "!fw4: web server"',
    ]);
    expect(chainOf(live, "srcnat_wan")![0]).toBe(
      'meta nfproto ipv4 counter packets 0 bytes 0 masquerade comment "!fw4: rampart_rnatmasq1"',
    );
    expect(chainOf(live, "forward_wan")!.at(-1)).toBe('ct status dnat accept comment "!fw4: Accept port forwards"');

    // read back: the next preview of that revision has nothing to do
    expect((await h.preview(routerId, ruleSetId, revision)).inSync).toBe(true);
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "in-sync", differences: [] });

    // what the router holds, read back into the model, forwards the packet as the rule set does
    const held = await readBack(peer);
    expect(held.nat).toEqual([forward, masq]);
    const v0 = packetTestView(held, arriving);
    expect(v0.dstNat?.matched).toMatchObject({ position: 1, from: "203.0.113.1:8080", to: "192.168.1.10:80" });
    expect(v0.verdict).toBe("accept");

    // and the live packet test on the router (every section, the kernel's view) says the same
    const { testPacketOnRouter } = await import("@/lib/analysis/live-packet-test");
    const onRouter = await testPacketOnRouter(routerId, arriving);
    expect(onRouter.ok).toBe(true);
    if (onRouter.ok) {
      expect(onRouter.view.result.dstNat?.matched).toMatchObject({ from: "203.0.113.1:8080", to: "192.168.1.10:80" });
      expect(onRouter.view.result.verdict).toBe("accept");
    }

    // an admin points the forward elsewhere in a shell: drift names the NAT rule and the option
    const edit = peer.uci(["batch"], "set firewall.rampart_rnatweb01.dest_ip='192.168.1.99'\ncommit firewall\n");
    expect(edit.stderr).toBe("");
    expect(peer.fw4(["reload"]).rc).toBe(0);
    await poll(routerId);
    const v = (await h.drift.getDriftView(routerId))!;
    expect(v.state).toBe("drifted");
    expect(v.differences).toEqual([expect.objectContaining({ kind: "changed", ruleId: "rnatweb01" })]);

    // an overwrite push puts it back, config and kernel
    const again = await h.previewAndPush(routerId, ruleSetId, revision);
    expect(again.status, again.error ?? "").toBe("done");
    expect(peer.uci(["get", "firewall.rampart_rnatweb01.dest_ip"]).stdout).toBe("192.168.1.10\n");
    expect(chainOf(peer.nft(["list", "table", "inet", "fw4"]).stdout, "dstnat_wan")![0]).toContain(
      "dnat ip to 192.168.1.10:80",
    );
    expect((await h.preview(routerId, ruleSetId, revision)).inSync).toBe(true);
  });

  it("the kernel running an older forward than the config is a difference, not in sync", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const revision = await saveRevision(h.users.admin.userId, ruleSetId, withNat);
    const d = await h.previewAndPush(routerId, ruleSetId, revision);
    expect(d.status, d.error ?? "").toBe("done");
    // loaded with 8081 by hand, then the config put back to 8080 without a reload: uci is as pushed, the kernel not
    for (const [port, reload] of [
      ["8081", true],
      ["8080", false],
    ] as const) {
      const edit = peer.uci(["batch"], `set firewall.rampart_rnatweb01.src_dport='${port}'\ncommit firewall\n`);
      expect(edit.stderr).toBe("");
      if (reload) expect(peer.fw4(["reload"]).rc).toBe(0);
    }
    const p = await h.preview(routerId, ruleSetId, revision);
    expect(p.inSync).toBe(false);
    expect(p.plan.changes).toEqual([
      expect.objectContaining({
        kind: "change",
        ruleId: "rnatweb01",
        description: expect.stringMatching(
          /^chain dstnat_wan, rule 1 \(handle \d+\): rule rnatweb01 \(section rampart_rnatweb01\) as loaded is not the committed config's/,
        ),
        fields: [
          {
            field: "running rule in dstnat_wan",
            old: "meta nfproto ipv4 tcp dport { 8081 } dnat ip to 192.168.1.10:80",
            new: "meta nfproto ipv4 tcp dport { 8080 } dnat ip to 192.168.1.10:80",
          },
        ],
      }),
    ]);
    // the push reloads, and the kernel then runs the config's forward
    const again = await h.startAndWait(routerId, ruleSetId, revision, p.id);
    expect(again.status, again.error ?? "").toBe("done");
    expect((await h.preview(routerId, ruleSetId, revision)).inSync).toBe(true);
  });

  it("a read-back that differs in the forward rolls back to the state before the push, kernel included; pushing the set without NAT removes it", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const old = openWrtState(peer);
    const revision = await saveRevision(h.users.admin.userId, ruleSetId, withNat);
    h.queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase !== "verify") return;
        const r = peer.uci(["batch"], "set firewall.rampart_rnatweb01.dest_port='81'\ncommit firewall\n");
        if (r.stderr) throw new Error(r.stderr);
      },
    });
    const d = await h.previewAndPush(routerId, ruleSetId, revision);
    expect(d.status).toBe("rolled-back");
    expect(d.error).toMatch(/read-back over a new connection differs from the plan/);
    expectOpenWrtState(peer, old);
    h.queue.setPushHooks({});

    expect((await h.previewAndPush(routerId, ruleSetId, revision)).status).toBe("done");
    const without = await saveRevision(h.users.admin.userId, ruleSetId, v1);
    const back = await h.previewAndPush(routerId, ruleSetId, without);
    expect(back.status, back.error ?? "").toBe("done");
    expect(peer.readConfig()).not.toContain("rampart_rnat");
    expect(chainOf(peer.nft(["list", "table", "inet", "fw4"]).stdout, "dstnat_wan")).toBeNull();
  });

  it("the lockout guard sees Rampart's own port forward of the management port in fw4's dstnat chain", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const ssh = makeNatRule(
      {
        comment: "ssh inside",
        inInterface: "wan",
        dstPorts: [{ from: peer.port, to: peer.port }],
        toAddress: "192.168.1.22",
      },
      () => "rnatssh01",
    );
    const revision = await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, nat: [ssh] });
    const p = await h.preview(routerId, ruleSetId, revision);
    // fw4 ties the redirect to wan; which zone Rampart's own connection arrives from is not known: a warning
    expect(p.lockout.blockedBy).toBeNull();
    expect(p.lockout.warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^NAT rule #1 \\(ssh inside\\) would redirect Rampart's connection to 192\\.168\\.1\\.22:${peer.port} if it arrives via wan`,
        ),
      ),
    );
  });

  it("the packet tester forwards a connection to the pushed port to the inside host, which the forward chain accepts", () => {
    const v = packetTestView(withNat, arriving);
    expect(v.dstNat?.matched).toMatchObject({ position: 1, from: "203.0.113.1:8080", to: "192.168.1.10:80" });
    expect(v.verdict).toBe("accept");
  });
});
