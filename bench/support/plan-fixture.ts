import type { DriverSession, FirewallPlanner, PushPlan } from "@/lib/routers/driver";
import { mikrotikDriver } from "@/lib/routers/mikrotik";
import { createMikrotikDriver } from "@/lib/routers/mikrotik";
import type { RuleSetContent } from "@/lib/rules/schema";
import { startRouterOsPeer, type RouterOsPeer } from "@/tests/peers/routeros";
import { startDelayProxy } from "../delay-proxy";
import { PIPELINE_WINDOW } from "../scenarios/routeros-push";
import { EMPTY_LIVE } from "./routeros-ops";
import { PEER_PASSWORD, PEER_USER, routerOsTarget } from "./routeros-target";

export interface PushTiming {
  readMs: number;
  planMs: number;
  writeMs: number;
  totalMs: number;
  writeOps: number;
  plan: PushPlan;
}

export interface PlanFixture {
  peer: RouterOsPeer;
  session: DriverSession;
  planner: FirewallPlanner;
  compile(content: RuleSetContent): ReturnType<FirewallPlanner["compile"]> & { ok: true };
  /** The delaying proxy's port: the link the session uses. */
  port: number;
}

export function routerOsPlanner(): FirewallPlanner | null {
  return mikrotikDriver.planner ?? null;
}

/** A fresh RouterOS peer behind the delaying proxy, with a pipelined driver session open on it. */
export async function withPlanFixture<T>(oneWayDelayMs: number, fn: (f: PlanFixture) => Promise<T>): Promise<T> {
  const planner = routerOsPlanner();
  if (!planner) throw new Error("no RouterOS planner");
  const peer = await startRouterOsPeer({ users: { [PEER_USER]: PEER_PASSWORD } });
  const proxy = await startDelayProxy({ targetPort: peer.port, oneWayDelayMs });
  const session = await createMikrotikDriver({ pipelineWindow: PIPELINE_WINDOW }).connect(
    routerOsTarget(proxy.host, proxy.port),
  );
  const compile = (content: RuleSetContent) => {
    const c = planner.compile(content);
    if (!c.ok) throw new Error(`bench rule set does not compile: ${c.issues.map((i) => i.message).join("; ")}`);
    return c;
  };
  try {
    return await fn({ peer, session, planner, compile, port: proxy.port });
  } finally {
    await session.close();
    await proxy.close();
    await peer.close();
  }
}

/** What a push with the planner does: read the router, plan the fewest ops, send them. */
export async function incrementalPush(f: PlanFixture, content: RuleSetContent): Promise<PushTiming> {
  const t0 = performance.now();
  const live = await f.session.readFirewall();
  const t1 = performance.now();
  const plan = f.planner.plan(live, f.compile(content).desired);
  const t2 = performance.now();
  await f.session.apply(plan.ops);
  const t3 = performance.now();
  return { readMs: t1 - t0, planMs: t2 - t1, writeMs: t3 - t2, totalMs: t3 - t0, writeOps: plan.ops.length, plan };
}

/**
 * The baseline "full re-push": read the router, remove every managed rule in one sentence, add the whole rule
 * set again, pipelined like the driver does. (The cheapest full re-push there is, so the ratio is not flattered.)
 */
export async function fullRepush(f: PlanFixture, content: RuleSetContent): Promise<PushTiming> {
  const t0 = performance.now();
  const live = await f.session.readFirewall();
  const t1 = performance.now();
  const managed = live.items.filter((i) => i.kind === "filter" && i.managedId !== null && !i.dynamic);
  const byMenu = new Map<string, string[]>();
  for (const i of managed) {
    const menu = i.family === "ipv6" ? "/ipv6/firewall/filter/remove" : "/ip/firewall/filter/remove";
    byMenu.set(menu, [...(byMenu.get(menu) ?? []), i.ref]);
  }
  const removes = [...byMenu].map(([menu, refs]) => ({
    label: `remove ${refs.length} managed rules`,
    wire: [menu, `=.id=${refs.join(",")}`],
  }));
  // Planned as if the router held no managed rule (they are all gone once the removes ran).
  const rest = { items: live.items.filter((i) => !managed.includes(i)), stateHash: EMPTY_LIVE.stateHash };
  const plan = f.planner.plan(rest, f.compile(content).desired);
  const t2 = performance.now();
  await f.session.apply([...removes, ...plan.ops]);
  const t3 = performance.now();
  return {
    readMs: t1 - t0,
    planMs: t2 - t1,
    writeMs: t3 - t2,
    totalMs: t3 - t0,
    writeOps: removes.length + plan.ops.length,
    plan,
  };
}

/** Empty when the router holds exactly `content` (read back from the router, not assumed). */
export async function driftAfter(f: PlanFixture, content: RuleSetContent): Promise<number> {
  return f.planner.compare(await f.session.readFirewall(), f.compile(content).desired).length;
}
