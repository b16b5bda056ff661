import { afterAll, afterEach, expect } from "vitest";
import { content, list, rule } from "@/tests/support/rule-fixtures";
import { ruleSetContentSchema, type RuleSetContent } from "@/lib/rules/schema";
import { startRouterOsPeer, type RouterOsPeer, type RouterOsPeerOptions } from "../peers/routeros";
import type { DesiredFirewall, DriverSession, RouterTarget } from "@/lib/routers/driver";
import { mikrotikDriver } from "@/lib/routers/mikrotik/mikrotik-driver";
import { mikrotikPlanner } from "@/lib/routers/mikrotik/planner";
import { routerOsAdminTarget } from "./routeros-admin-target";

/** Shared by the peer tests of the planner and the revert timer: a peer, sessions, and state read from the peer. */
export const MENUS = [
  "ip/firewall/filter",
  "ipv6/firewall/filter",
  "ip/firewall/address-list",
  "ipv6/firewall/address-list",
  "ip/firewall/nat",
] as const;
const VOLATILE = new Set([".id", "bytes", "packets", "creation-time"]);

export class PeerKit {
  private sessions: DriverSession[] = [];
  private closed = false;
  private constructor(
    readonly peer: RouterOsPeer,
    readonly target: RouterTarget,
  ) {}

  static async start(opts: RouterOsPeerOptions = {}): Promise<PeerKit> {
    const peer = await startRouterOsPeer(opts);
    return new PeerKit(peer, { ...routerOsAdminTarget(peer), connectTimeoutMs: 2000, commandTimeoutMs: 3000 });
  }

  async connect(): Promise<DriverSession> {
    const s = await mikrotikDriver.connect(this.target);
    this.sessions.push(s);
    return s;
  }

  /**
   * Every row of the four firewall menus, as the peer holds them, without ids, counters and timestamps. Filter
   * rows in table order; address-list entries sorted, because a list is a set on RouterOS (entries cannot be
   * placed, and a restore re-adds them after any entry someone else added meanwhile).
   */
  firewall(): Record<string, Record<string, string>[]> {
    const strip = (r: Record<string, string>) =>
      Object.fromEntries(Object.entries(r).filter(([k]) => !VOLATILE.has(k)));
    return Object.fromEntries(
      MENUS.map((m) => {
        const rows = this.peer.rows(m).map(strip);
        if (m.endsWith("address-list")) rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        return [m, rows];
      }),
    );
  }

  /** Foreign and dynamic rows, ids included, in table order: what a push must never touch or reorder. */
  notOurs(): Record<string, Record<string, string>[]> {
    return Object.fromEntries(
      MENUS.map((m) => [
        m,
        this.peer
          .rows(m)
          .filter((r) => !r.comment?.startsWith("rampart:") || r.dynamic === "true")
          .map((r) => ({ ...r })),
      ]),
    );
  }

  comments(menu: (typeof MENUS)[number]): (string | undefined)[] {
    return this.peer.rows(menu).map((r) => r.comment);
  }

  /** compile -> read -> plan -> apply -> read -> compare, over one session. */
  async push(c: RuleSetContent, session?: DriverSession): Promise<{ desired: DesiredFirewall; opsSent: number }> {
    const s = session ?? (await this.connect());
    const desired = compileOk(c);
    const plan = mikrotikPlanner.plan(await s.readFirewall(), desired);
    await s.apply(plan.ops);
    return { desired, opsSent: plan.ops.length };
  }

  /** Idempotent: a test may close a kit early that a per-test or per-file hook closes again. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.sessions) await s.close().catch(() => {});
    await this.peer.close();
  }
}

/** Starts peer kits for a test file and closes them all after it (call at module top: registers the afterAll). */
export function peerKitsForFile(): (opts?: RouterOsPeerOptions) => Promise<PeerKit> {
  const kits: PeerKit[] = [];
  afterAll(async () => {
    await Promise.all(kits.map((k) => k.close()));
  });
  return async (opts = {}) => {
    const k = await PeerKit.start(opts);
    kits.push(k);
    return k;
  };
}

/**
 * Starts peer kits for one test and closes them all after it, failed or not (call at module top: registers the
 * afterEach). A test that starts one kit per case may close each early.
 */
export function peerKitsPerTest(): (opts?: RouterOsPeerOptions) => Promise<PeerKit> {
  const kits: PeerKit[] = [];
  afterEach(async () => {
    for (const k of kits.splice(0)) await k.close();
  });
  return async (opts = {}) => {
    const k = await PeerKit.start(opts);
    kits.push(k);
    return k;
  };
}

export function compileOk(c: RuleSetContent): DesiredFirewall {
  expect(ruleSetContentSchema.safeParse(c).success).toBe(true);
  const r = mikrotikPlanner.compile(c);
  if (!r.ok) throw new Error(`compile failed: ${JSON.stringify(r.issues)}`);
  return r.desired;
}

/** A realistic rule set touching every compiled feature. */
export function sampleContent(): RuleSetContent {
  return content(
    [
      rule({ id: "rest00001", states: ["established", "related"], comment: "stateful" }),
      rule({
        id: "rssh00001",
        protocol: "tcp",
        dstPorts: [{ from: 22, to: 22 }],
        src: { kind: "list", list: "office", negate: false },
        comment: "ssh – office",
      }),
      rule({
        id: "rweb00001",
        chain: "forward",
        protocol: "tcp",
        dstPorts: [
          { from: 80, to: 80 },
          { from: 443, to: 443 },
        ],
        dst: { kind: "addresses", values: ["192.0.2.10", "192.0.2.11", "2001:db8::10"], negate: false },
      }),
      rule({
        id: "rrej00001",
        action: "reject",
        family: "ipv4",
        protocol: "udp",
        dstPorts: [{ from: 161, to: 162 }],
        log: true,
        logPrefix: "snmp",
      }),
      rule({ id: "roff00001", action: "drop", family: "ipv6", enabled: false, inInterface: "ether1" }),
      rule({
        id: "rdrop0001",
        action: "drop",
        src: { kind: "addresses", values: ["10.0.0.0/8"], negate: true },
        comment: "rest",
      }),
    ],
    [list("office", ["192.168.88.0/24", "10.9.0.7", "2001:db8:1::/48"])],
  );
}

/** The peer's seed for the revert tests: foreign rules, a fasttrack dummy and a dynamic address-list entry. */
export const REVERT_SEED = { foreign: true, fasttrack: true, dynamicAddressList: true };

/** A second push after sampleContent(): reorders, changes, adds and removes rules and entries in both families. */
export function sampleSecondPush(): RuleSetContent {
  const c = sampleContent();
  const [est, ssh, web, rej, , drop] = c.rules;
  c.rules = [
    rule({ id: "rnew00001", action: "drop", protocol: "tcp", dstPorts: [{ from: 8291, to: 8291 }] }),
    drop,
    { ...ssh, comment: "changed" },
    est,
    { ...web, dst: { kind: "any" } },
    { ...rej, enabled: false },
  ];
  c.addressLists[0].entries = [{ address: "198.51.100.0/24", comment: "new office" }];
  return c;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
