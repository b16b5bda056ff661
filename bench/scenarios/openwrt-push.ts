import type { RouterTarget } from "@/lib/routers/driver";
import { openWrtDriver, openWrtPlanner } from "@/lib/routers/openwrt";
import { startOpenWrtPeer, type OpenWrtPeer } from "@/tests/peers/openwrt/start-openwrt-peer";
import { sshConnect, sshExec } from "@/tests/peers/openwrt/ssh-exec-for-tests";
import { startDelayProxy } from "../delay-proxy";
import { int, ms, times } from "../support/format";
import { benchRuleSet } from "../support/rule-sets";
import { notAvailable, type Scenario } from "../types";
import type { VendorOp } from "@/lib/routers/driver";

function target(peer: OpenWrtPeer, port: number): RouterTarget {
  return { vendor: "openwrt", host: "127.0.0.1", port, transport: "ssh", username: peer.username, password: peer.password, hostKeyFingerprint: peer.hostKeyFingerprint, connectTimeoutMs: 20_000, commandTimeoutMs: 600_000 };
}

const managedSections = (peer: OpenWrtPeer) => peer.readState().sections.filter((s) => s.type === "rule" && (s.name ?? "").startsWith("rampart")).length;

export const openWrtPush: Scenario = {
  id: "openwrt-push",
  title: (s) => `push ${int(s.openWrtRules)} rules to an OpenWrt stand-in at ${s.rttMs} ms RTT`,
  baseline: () => "one ssh exec per rule",
  target: () => "≥ 20× faster",
  async run(ctx) {
    if (!openWrtDriver.planner) return notAvailable("the OpenWrt driver has no planner (compile/plan) to push with");
    const planner = openWrtPlanner;
    const n = ctx.sizes.openWrtRules;
    const content = benchRuleSet(n);
    const compiled = planner.compile(content);
    if (!compiled.ok) throw new Error(`bench rule set does not compile for OpenWrt: ${compiled.issues[0]?.message}`);
    const oneWay = ctx.sizes.rttMs / 2;

    // Driver: read, plan, apply (whatever write strategy the planner picks for a large change).
    const peerA = await startOpenWrtPeer({ seed: "stock" });
    const proxyA = await startDelayProxy({ targetPort: peerA.port, oneWayDelayMs: oneWay });
    let driverMs = 0;
    let driverOps = 0;
    let driverRules = 0;
    let driverStrategy = "";
    let perRuleOps: VendorOp[] = [];
    try {
      const session = await openWrtDriver.connect(target(peerA, proxyA.port));
      try {
        const t0 = performance.now();
        const plan = planner.plan(await session.readFirewall(), compiled.desired);
        await session.apply(plan.ops);
        driverMs = performance.now() - t0;
        driverOps = plan.ops.length;
        driverStrategy = plan.ops.some((o) => /^# rampart: uci import firewall/.test(o.wire[0] ?? "")) ? "uci import" : "uci batch";
      } finally {
        await session.close();
      }
      driverRules = managedSections(peerA);
    } finally {
      await proxyA.close();
      await peerA.close();
    }
    ctx.log(`openwrt-push: driver ${ms(driverMs)} (${driverOps} ops); now one ssh exec per rule`);

    // Baseline: the same rules, one exec per rule over one SSH connection: `uci batch` with that rule's lines
    // (from the per-line batch plan: the default plan of a large change is a single `uci import` op) and a
    // `commit firewall`, so staged deltas never pile up (the cheaper way for real uci: each batch line re-reads
    // the config and every staged delta); one fw4 reload at the end.
    const peerB = await startOpenWrtPeer({ seed: "stock" });
    const proxyB = await startDelayProxy({ targetPort: peerB.port, oneWayDelayMs: oneWay });
    let naiveMs = 0;
    let naiveRules = 0;
    let naiveExecs = 0;
    try {
      const session = await openWrtDriver.connect(target(peerB, proxyB.port));
      const live = await session.readFirewall();
      await session.close();
      perRuleOps = planner.plan(live, compiled.desired, { strategy: "batch" }).ops;
      const lines = perRuleOps.flatMap((o) => o.wire);
      // One exec per rule: group the batch lines by the section they touch (a section's reorder line rides with
      // it; sections are created in rule order, so each lands at its absolute position as in the batch plan).
      const bySection = new Map<string, string[]>();
      for (const l of lines) {
        const section = l.split(/\s+/)[1]?.split(/[.=]/)[1] ?? l;
        bySection.set(section, [...(bySection.get(section) ?? []), l]);
      }
      naiveExecs = bySection.size;
      const c = await sshConnect({ host: "127.0.0.1", port: proxyB.port, username: peerB.username, password: peerB.password });
      try {
        const t0 = performance.now();
        for (const group of bySection.values()) {
          const r = await sshExec(c, "uci batch", `${group.join("\n")}\ncommit firewall\n`);
          if (r.stderr.trim()) throw new Error(`uci batch refused a line: ${r.stderr.trim().slice(0, 200)}`);
        }
        const reload = await sshExec(c, "fw4 reload");
        if (reload.code !== 0) throw new Error(`fw4 reload failed: ${reload.stderr.trim().slice(0, 200)}`);
        naiveMs = performance.now() - t0;
      } finally {
        c.end();
      }
      naiveRules = managedSections(peerB);
    } finally {
      await proxyB.close();
      await peerB.close();
    }
    const ratio = naiveMs / driverMs;
    const complete = driverRules === n && naiveRules === n;
    return {
      measured: `${times(ratio)} (per-rule execs ${ms(naiveMs)}, driver ${ms(driverMs)} in ${driverOps} op${driverOps === 1 ? "" : "s"}, ${driverStrategy})`,
      verdict: ratio >= 20 && complete ? "PASS" : "FAIL",
      note: `real sshd + uci/fw4 stand-in behind the delaying proxy; driver: read, plan (${driverStrategy}), fw4 check, commit, reload; baseline: ${int(naiveExecs)} execs of uci batch + commit, then fw4 reload; ${complete ? `both peers hold ${n} managed rules` : `managed rules afterwards: driver ${driverRules}, per-rule ${naiveRules}, expected ${n}`}`,
      details: { rules: n, driverMs, driverOps, driverStrategy, naiveMs, naiveExecs, ratio, driverRules, naiveRules },
    };
  },
};
