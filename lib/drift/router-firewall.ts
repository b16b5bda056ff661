import { loadRouterTarget } from "@/lib/inventory/routers";
import { describeError } from "@/lib/push/router-session";
import type { DriverSession, FirewallPlanner, LiveFirewall, RouterTarget } from "@/lib/routers/driver";
import { getDriver } from "@/lib/routers/registry";

export type RouterRead =
  | { ok: true; live: LiveFirewall; planner: FirewallPlanner; session: DriverSession; target: RouterTarget }
  | { ok: false; message: string };

/**
 * Connects to a router and reads its firewall, for import, adopt and the three-way view. The caller closes
 * the session (adopt re-checks drift on it). Expected failures are values with a message fit for the UI.
 */
export async function readRouterFirewall(routerId: string): Promise<RouterRead> {
  const target = await loadRouterTarget(routerId, { connectTimeoutMs: 10_000, commandTimeoutMs: 20_000 });
  if (!target) return { ok: false, message: "the router has no stored credential" };
  const planner = getDriver(target.vendor).planner;
  let session: DriverSession | null = null;
  try {
    session = await getDriver(target.vendor).connect(target);
    const live = await session.readFirewall();
    return { ok: true, live, planner, session, target };
  } catch (err) {
    await session?.close().catch(() => undefined);
    return { ok: false, message: `could not read the router: ${describeError(err).message}` };
  }
}
