import { loadRouterTarget } from "@/lib/inventory/routers";
import {
  DriverError,
  type Driver,
  type DriverSession,
  type FirewallPlanner,
  type RouterTarget,
} from "@/lib/routers/driver";
import { UnknownVendorError } from "@/lib/routers/profiles";
import { UnknownTransportError } from "@/lib/routers/transports";
import { getDriver } from "@/lib/routers/registry";
import { routerRoleMap } from "@/lib/inventory/router-roles";
import type { RoleMap } from "@/lib/routers/roles";

/** Push talks to routers a little more patiently than the health poller: apply and read-back are bigger. */
const PUSH_TIMEOUTS = { connectTimeoutMs: 10_000, commandTimeoutMs: 20_000 };

/** `roles`: the router's interface roles, which the compile of a rule set using roles needs. */
export type PushRouter = { target: RouterTarget; driver: Driver; planner: FirewallPlanner; roles: RoleMap };

export type PushRouterResult = { ok: true; router: PushRouter } | { ok: false; message: string };

/** The router's target (credential decrypted in memory only) and the planner its vendor offers. */
export async function loadPushRouter(routerId: string): Promise<PushRouterResult> {
  const target = await loadRouterTarget(routerId, PUSH_TIMEOUTS);
  if (!target) return { ok: false, message: "the router has no stored credential" };
  const driver = getDriver(target.vendor);
  return { ok: true, router: { target, driver, planner: driver.planner, roles: await routerRoleMap(routerId) } };
}

export function connect(router: PushRouter): Promise<DriverSession> {
  return router.driver.connect(router.target);
}

export async function closeQuietly(session: DriverSession | null): Promise<void> {
  await session?.close().catch(() => undefined);
}

/**
 * Text safe for clients and logs: DriverError messages never carry a credential (driver contract); anything
 * else is a bug whose message stays on the server.
 */
export function describeError(err: unknown): { message: string; routerMessage: string | null } {
  if (err instanceof DriverError) {
    // Drivers that name the operation themselves ("operation 3 of 40") get no second, differently counted name.
    const at =
      err.opIndex !== undefined && !/\boperation \d+ of \d+/.test(err.message) ? ` (operation ${err.opIndex + 1})` : "";
    return {
      message: `${firstLine(err.message)}${at}`,
      routerMessage: err.routerMessage ? firstLine(err.routerMessage) : null,
    };
  }
  if (err instanceof PushStepError) return { message: err.message, routerMessage: null };
  // A stored vendor or transport this build does not know (parseVendor, parseTransport): named, nothing secret.
  if (err instanceof UnknownVendorError || err instanceof UnknownTransportError)
    return { message: err.message, routerMessage: null };
  const ref = Math.random().toString(36).slice(2, 10);
  console.error(`[push] unexpected error ref=${ref}:`, err instanceof Error ? err.message : "unknown");
  return { message: `unexpected error (ref ${ref})`, routerMessage: null };
}

/**
 * A message is one sentence for a person: a driver error that carries a whole script or command text (an op's
 * wire words, a uci batch) keeps its first line and says how much was left out. The full text stays in the
 * deployment's stored plan.
 */
export function firstLine(text: string): string {
  const lines = text.split("\n");
  if (lines.length === 1) return text;
  const more = lines.slice(1).filter((l) => l.trim() !== "").length;
  return more === 0 ? lines[0] : `${lines[0]} … (${more} more line${more === 1 ? "" : "s"} left out)`;
}

/** An expected push failure with a message written for the person reading the deployment. */
export class PushStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PushStepError";
  }
}
