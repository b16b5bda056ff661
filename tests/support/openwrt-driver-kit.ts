import { afterAll, afterEach, expect } from "vitest";
import { DriverError, type DesiredFirewall, type DriverSession, type RouterTarget } from "@/lib/routers/driver";
import type { RuleSetContent } from "@/lib/rules/schema";
import { openWrtDriver } from "@/lib/routers/openwrt/openwrt-driver";
import { openWrtPlanner } from "@/lib/routers/openwrt/planner";
import { startOpenWrtPeer, type OpenWrtPeer, type OpenWrtPeerOptions } from "@/tests/peers/openwrt/start-openwrt-peer";

/** What the OpenWrt driver tests share (the RouterOS ones have mikrotik-peer-kit.ts). */

export function desiredOf(c: RuleSetContent): DesiredFirewall {
  const r = openWrtPlanner.compile(c);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.desired;
}

/** The stand-in as a router target, with its pinned host key. */
export function targetOf(p: OpenWrtPeer, extra: Partial<RouterTarget> = {}): RouterTarget {
  return {
    vendor: "openwrt",
    transport: "ssh",
    host: p.host,
    port: p.port,
    username: p.username,
    password: p.password,
    hostKeyFingerprint: p.hostKeyFingerprint,
    ...extra,
  };
}

/**
 * Stand-ins started and sessions opened by one test, all closed after it (call at the top of a test file: it
 * registers the afterEach). A stand-in seeds foreign sections unless told otherwise.
 */
export function standInsPerTest() {
  let latest: OpenWrtPeer | null = null;
  const peers: OpenWrtPeer[] = [];
  const sessions: DriverSession[] = [];
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close().catch(() => {});
    // close() is idempotent, so a test may close its stand-in early
    for (const p of peers.splice(0)) await p.close();
    latest = null;
  });
  return {
    async start(opts: OpenWrtPeerOptions = {}): Promise<OpenWrtPeer> {
      latest = await startOpenWrtPeer({ seed: "foreign", ...opts });
      peers.push(latest);
      return latest;
    },
    /** A session to `p` through targetOf (pinned host key unless `extra` says otherwise). */
    async connect(p: OpenWrtPeer, extra: Partial<RouterTarget> = {}): Promise<DriverSession> {
      const s = await openWrtDriver.connect(targetOf(p, extra));
      sessions.push(s);
      return s;
    },
    /** The stand-in started last in this test. */
    get peer(): OpenWrtPeer {
      if (!latest) throw new Error("no stand-in started in this test");
      return latest;
    },
  };
}

/** Starts stand-ins for a test file and closes them all after it (call at module top: registers the afterAll). */
export function standInsForFile(): (opts: OpenWrtPeerOptions) => Promise<OpenWrtPeer> {
  const peers: OpenWrtPeer[] = [];
  afterAll(async () => {
    for (const p of peers) await p.close();
  });
  return async (opts) => {
    const p = await startOpenWrtPeer(opts);
    peers.push(p);
    return p;
  };
}

/** compile -> read -> plan -> apply over one session; the desired firewall it pushed. */
export async function pushContent(s: DriverSession, c: RuleSetContent): Promise<DesiredFirewall> {
  const d = desiredOf(c);
  await s.apply(openWrtPlanner.plan(await s.readFirewall(), d).ops);
  return d;
}

/** The DriverError a promise must reject with. */
export function driverFailure(p: Promise<unknown>): Promise<DriverError> {
  return p.then(
    () => {
      throw new Error("expected a DriverError");
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(DriverError);
      return e as DriverError;
    },
  );
}
