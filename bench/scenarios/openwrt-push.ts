import type { RouterTarget, VendorOp } from "@/lib/routers/driver";
import { openWrtDriver, openWrtPlanner } from "@/lib/routers/openwrt";
import { startOpenWrtPeer, type OpenWrtPeer } from "@/tests/peers/openwrt/start-openwrt-peer";
import { sshConnect, sshExec } from "@/tests/peers/openwrt/ssh-exec-for-tests";
import { startDelayProxy } from "../delay-proxy";
import { int, ms, times } from "../support/format";
import { benchRuleSet } from "../support/rule-sets";
import { notAvailable, type Scenario } from "../types";
import type { RuleSetContent } from "@/lib/rules/schema";

function target(peer: OpenWrtPeer, port: number): RouterTarget {
  return { vendor: "openwrt", host: "127.0.0.1", port, transport: "ssh", username: peer.username, password: peer.password, hostKeyFingerprint: peer.hostKeyFingerprint, connectTimeoutMs: 20_000, commandTimeoutMs: 600_000 };
}

/**
 * The batch plan's lines grouped one exec per rule: by the section each line touches (a section's reorder line
 * rides with it; sections are created in rule order, so each lands at its absolute position as in the plan).
 */
function execGroups(ops: VendorOp[]): Map<string, string[]> {
  const bySection = new Map<string, string[]>();
  for (const l of ops.flatMap((o) => o.wire)) {
    const section = l.split(/\s+/)[1]?.split(/[.=]/)[1] ?? l;
    bySection.set(section, [...(bySection.get(section) ?? []), l]);
  }
  return bySection;
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

    // Baseline: one exec per rule over one SSH connection: `uci batch` with that rule's lines (from the per-line
    // batch plan: the default plan of a large change is a single `uci import` op) and a `commit firewall`, so
    // staged deltas never pile up (the cheaper way for real uci: each batch line re-reads the config and every
    // staged delta); one fw4 reload at the end. At 0.3-0.5 s an exec, all n would be 10-17 minutes, so it runs
    // on a sample at both ends: the first `sample` rules on the empty stand-in, and the last `sample` on a
    // stand-in already holding the other n - sample (put there by the driver, not timed). An exec's cost grows
    // with the config it rewrites, so the n execs are taken as n × the mean of the two ends (linear growth),
    // and the closing fw4 reload is measured for real with all n rules in place.
    const sample = Math.max(1, Math.min(ctx.sizes.openWrtNaiveSample, Math.floor(n / 2)));
    const peerB = await startOpenWrtPeer({ seed: "stock" });
    const proxyB = await startDelayProxy({ targetPort: peerB.port, oneWayDelayMs: oneWay });
    let naiveRules = 0;
    let naiveExecs = 0;
    const ends = { first: { execs: 0, ms: 0 }, last: { execs: 0, ms: 0 } };
    let reloadMs = 0;
    try {
      const b = target(peerB, proxyB.port);
      const c = await sshConnect({ host: "127.0.0.1", port: proxyB.port, username: peerB.username, password: peerB.password });
      try {
        const perRule = async (to: RuleSetContent, take: number): Promise<{ execs: number; ms: number; total: number }> => {
          const session = await openWrtDriver.connect(b);
          const live = await session.readFirewall();
          await session.close();
          const desired = planner.compile(to, live);
          if (!desired.ok) throw new Error(`bench rule set does not compile for OpenWrt: ${desired.issues[0]?.message}`);
          const groups = [...execGroups(planner.plan(live, desired.desired, { strategy: "batch" }).ops).values()];
          const t0 = performance.now();
          for (const group of groups.slice(0, take)) {
            const r = await sshExec(c, "uci batch", `${group.join("\n")}\ncommit firewall\n`);
            if (r.stderr.trim()) throw new Error(`uci batch refused a line: ${r.stderr.trim().slice(0, 200)}`);
          }
          return { execs: Math.min(take, groups.length), ms: performance.now() - t0, total: groups.length };
        };
        // The first rules, one exec each, on the empty stand-in.
        const first = await perRule(content, sample);
        naiveExecs = first.total;
        ends.first = { execs: first.execs, ms: first.ms };
        // All but the last `sample` rules in place by the driver (not timed), then the last ones one exec each.
        const most: RuleSetContent = { rules: content.rules.slice(0, n - sample), addressLists: content.addressLists };
        const session = await openWrtDriver.connect(b);
        try {
          const desiredMost = planner.compile(most);
          if (!desiredMost.ok) throw new Error("the first rules do not compile for OpenWrt");
          await session.apply(planner.plan(await session.readFirewall(), desiredMost.desired).ops);
        } finally {
          await session.close();
        }
        const last = await perRule(content, Number.MAX_SAFE_INTEGER);
        ends.last = { execs: last.execs, ms: last.ms };
        const t0 = performance.now();
        const reload = await sshExec(c, "fw4 reload");
        if (reload.code !== 0) throw new Error(`fw4 reload failed: ${reload.stderr.trim().slice(0, 200)}`);
        reloadMs = performance.now() - t0;
      } finally {
        c.end();
      }
      naiveRules = managedSections(peerB);
    } finally {
      await proxyB.close();
      await peerB.close();
    }
    const perExecFirst = ends.first.ms / ends.first.execs;
    const perExecLast = ends.last.ms / ends.last.execs;
    const naiveMs = naiveExecs * ((perExecFirst + perExecLast) / 2) + reloadMs;
    const ratio = naiveMs / driverMs;
    const complete = driverRules === n && naiveRules === n;
    const sampled = ends.first.execs + ends.last.execs < naiveExecs;
    return {
      measured: `${times(ratio)} (per-rule execs ${sampled ? "≈" : ""}${ms(naiveMs)}${sampled ? ` extrapolated from ${ends.first.execs} + ${ends.last.execs} of ${int(naiveExecs)} execs` : ""}, driver ${ms(driverMs)} for all ${int(n)} in ${driverOps} op${driverOps === 1 ? "" : "s"}, ${driverStrategy})`,
      verdict: ratio >= 20 && complete ? "PASS" : "FAIL",
      note: [
        `real sshd + uci/fw4 stand-in behind the delaying proxy; driver: read, plan (${driverStrategy}), fw4 check, commit, reload, all ${int(n)} rules, measured`,
        `baseline: one exec of uci batch + commit per rule, then one fw4 reload; ${sampled ? `measured on a sample, not all ${int(naiveExecs)} execs (0.3-0.5 s each would be 10-17 minutes): the first ${ends.first.execs} on the empty stand-in (${ms(perExecFirst)} an exec) and the last ${ends.last.execs} on a stand-in already holding ${int(n - sample)} rules (${ms(perExecLast)} an exec); baseline = ${int(naiveExecs)} × the mean of both ends (an exec's cost taken to grow linearly with the config) + the real fw4 reload with all ${int(n)} rules (${ms(reloadMs)})` : `all ${int(naiveExecs)} execs measured`}`,
        complete ? `both stand-ins hold ${int(n)} managed rules afterwards` : `managed rules afterwards: driver ${driverRules}, per-rule ${naiveRules}, expected ${n}`,
      ].join("; "),
      details: { rules: n, driverMs, driverOps, driverStrategy, naiveMs, naiveExecs, sampled, ends, perExecFirstMs: perExecFirst, perExecLastMs: perExecLast, reloadMs, ratio, driverRules, naiveRules },
    };
  },
};
