import type { RuleSetContent } from "@/lib/rules/schema";
import { createMikrotikDriver } from "@/lib/routers/mikrotik";
import { int, ms, times } from "../support/format";
import { startPeerHost } from "../support/peer-host";
import { routerOsPlanner } from "../support/plan-fixture";
import { benchRuleSet } from "../support/rule-sets";
import { routerOsTarget } from "../support/routeros-target";
import { notAvailable, type Scenario } from "../types";
import { PIPELINE_WINDOW } from "./routeros-push";

/** One router's whole push: connect, read, plan, apply, close. */
async function pushOne(port: number, content: RuleSetContent): Promise<number> {
  const planner = routerOsPlanner()!;
  const t0 = performance.now();
  const session = await createMikrotikDriver({ pipelineWindow: PIPELINE_WINDOW }).connect(routerOsTarget("127.0.0.1", port));
  try {
    const compiled = planner.compile(content);
    if (!compiled.ok) throw new Error("bench rule set does not compile");
    const plan = planner.plan(await session.readFirewall(), compiled.desired);
    await session.apply(plan.ops);
  } finally {
    await session.close();
  }
  return performance.now() - t0;
}

export const fleetPush: Scenario = {
  id: "fleet-push",
  title: (s) => `push one rule set (${int(s.fleetRules)} rules) to ${s.fleetRouters} routers at ${s.rttMs} ms RTT`,
  baseline: () => "1 router",
  target: () => "total ≤ 10× one router's time",
  async run(ctx) {
    if (!routerOsPlanner()) return notAvailable("the RouterOS driver has no planner");
    const { fleetRouters: count, fleetRules: n, rttMs } = ctx.sizes;
    const content = benchRuleSet(n);
    ctx.log(`fleet: starting ${count + 1} routers behind their own proxies in a child process`);
    const host = await startPeerHost(count + 1, rttMs / 2);
    try {
      const [single, ...fleet] = host.ports;
      const oneMs = await pushOne(single, content);
      ctx.log(`fleet: one router ${ms(oneMs)}; now ${count} at once`);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const each = await Promise.all(fleet.map((p) => pushOne(p, content)));
      const fleetMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      // Share of one core the pushing process used: near 100% means the fleet push is CPU-bound, not waiting.
      const cpuShare = (cpu.user + cpu.system) / 1000 / fleetMs;
      const rows = await host.rows();
      const complete = rows.every((r) => r === n);
      const ratio = fleetMs / oneMs;
      return {
        measured: `${times(ratio)} one router (${count} routers ${ms(fleetMs)}, 1 router ${ms(oneMs)}); slowest router ${ms(Math.max(...each))}`,
        verdict: ratio <= 10 && complete ? "PASS" : "FAIL",
        note: [
          `each router: connect, read, plan, pipelined apply, close with the driver and planner, all ${count} at once; the routers and their proxies run in one child process (the second core)`,
          `the pushing process used ${(cpuShare * 100).toFixed(0)}% of a core during the fleet push`,
          "lib/push's queue (RAMPART_PUSH_CONCURRENCY, default 4) is not in this path",
          complete ? `every router holds all ${int(n)} rules afterwards` : `routers short of rules: ${rows.filter((r) => r !== n).length}`,
        ].join("; "),
        details: { routers: count, rules: n, oneRouterMs: oneMs, fleetMs, ratio, pushingProcessCpuShare: cpuShare, perRouterMs: { min: Math.min(...each), max: Math.max(...each) }, allComplete: complete },
      };
    } finally {
      await host.close();
    }
  },
};
