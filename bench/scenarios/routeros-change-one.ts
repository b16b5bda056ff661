import type { RuleSetContent } from "@/lib/rules/schema";
import { int, ms, times } from "../support/format";
import { measureRosRtt } from "../support/measure-rtt";
import { driftAfter, fullRepush, incrementalPush, routerOsPlanner, withPlanFixture } from "../support/plan-fixture";
import { benchRuleSet } from "../support/rule-sets";
import { notAvailable, type Scenario } from "../types";

export const routerOsChangeOne: Scenario = {
  id: "routeros-change-one",
  title: (s) => `change 1 rule of ${int(s.planRules)}, then push (RouterOS, ${s.rttMs} ms RTT)`,
  baseline: () => "full re-push",
  target: () => "exactly 1 write op; ≥ 50× faster",
  async run(ctx) {
    if (!routerOsPlanner()) return notAvailable("the RouterOS driver has no planner");
    const n = ctx.sizes.planRules;
    const before = benchRuleSet(n);
    const k = Math.floor(n / 2);
    const after: RuleSetContent = {
      ...before,
      rules: before.rules.map((r, i) => (i === k ? { ...r, dstPorts: [{ from: 65000, to: 65000 }] } : r)),
    };
    return withPlanFixture(ctx.sizes.rttMs / 2, async (f) => {
      const initial = await incrementalPush(f, before);
      ctx.log(`change-one: initial push of ${n} rules ${ms(initial.totalMs)} (${initial.writeOps} ops)`);
      const inc = await incrementalPush(f, after);
      const incDrift = await driftAfter(f, after);
      const full = await fullRepush(f, after);
      const fullDrift = await driftAfter(f, after);
      ctx.log(
        `change-one: incremental ${ms(inc.totalMs)} (${inc.writeOps} ops), full re-push ${ms(full.totalMs)} (${full.writeOps} ops)`,
      );
      // One write cannot take less than one round trip: the most any plan can reach on this link.
      const rtt = await measureRosRtt(f.port);
      const writeRatio = full.writeMs / inc.writeMs;
      const totalRatio = full.totalMs / inc.totalMs;
      const pass =
        inc.writeOps === 1 && inc.plan.counts.change === 1 && writeRatio >= 50 && incDrift === 0 && fullDrift === 0;
      return {
        measured: `${inc.writeOps} write op (${inc.plan.ops[0]?.wire[0] ?? "none"}); writes ${times(writeRatio)} faster (${ms(inc.writeMs)} vs ${ms(full.writeMs)}); with the read ${times(totalRatio)} (${ms(inc.totalMs)} vs ${ms(full.totalMs)})`,
        verdict: pass ? "PASS" : "FAIL",
        note: [
          "verdict on the write phase (what the plan sends); both sides also read the router first (2,000 rows), shown as 'with the read'",
          "full re-push = one remove sentence for every managed rule + every add, pipelined (the cheapest full re-push)",
          `a write takes at least one round trip (${ms(rtt)} measured on this link), so a one-op change can be at most ${times(full.writeMs / rtt)} faster than this full re-push${full.writeMs / rtt < 50 ? ": the 50× target needs a full re-push slower than the driver's" : ""}`,
          incDrift || fullDrift
            ? `router not in sync afterwards: ${incDrift} / ${fullDrift} differences`
            : "router read back in sync after both",
        ].join("; "),
        details: {
          rules: n,
          changedIndex: k,
          incremental: strip(inc),
          fullRepush: strip(full),
          writeRatio,
          totalRatio,
          rttMs: rtt,
          driftAfterIncremental: incDrift,
          driftAfterFull: fullDrift,
          initialPushMs: initial.totalMs,
        },
      };
    });
  },
};

export function strip(t: {
  readMs: number;
  planMs: number;
  writeMs: number;
  totalMs: number;
  writeOps: number;
  plan: { counts: unknown; ops: { wire: string[] }[] };
}) {
  return {
    readMs: t.readMs,
    planMs: t.planMs,
    writeMs: t.writeMs,
    totalMs: t.totalMs,
    writeOps: t.writeOps,
    counts: t.plan.counts,
    firstOps: t.plan.ops.slice(0, 3).map((o) => o.wire.join(" ")),
  };
}
