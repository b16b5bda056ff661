import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { z } from "zod";
import type { Rule, RuleSetContent } from "@/lib/rules/schema";
import type { PushRequester, pushRequestSchema } from "@/lib/push/start-push";
import type { PushHooks } from "@/lib/push/run-deployment";
import { rule } from "@/tests/support/rule-fixtures";
import { readPeerItems } from "../conformance/mikrotik-fixture";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import { migrateDatabase } from "../support/temp-database";
import { tempDirForFile } from "../support/temp-dir";
import { routerOsAdminTarget } from "../support/routeros-admin-target";
import { addRouterOsRouter } from "../support/routeros-router-row";

/**
 * Real SQLite, real MikroTik driver and planner, real RouterOS peer: a push test sets up a database file, starts
 * its peers and asserts what the peer holds, never what Rampart's database says the router holds.
 * Call setupPushDatabase() at module top, before anything imports lib/db.
 */
export function setupPushDatabase(prefix: string): string {
  const dir = tempDirForFile(`rampart-${prefix}`);
  process.env.DATABASE_URL = `file:${path.join(dir, "push.db")}`;
  process.env.RAMPART_CREDENTIAL_KEY_FILE = path.join(dir, "credential.key");
  process.env.RAMPART_PUSH_CONCURRENCY = "4";
  return dir;
}

export { migrateDatabase };

/**
 * A test file's own migrated database: the client once migrated (call it in the tests), disconnected and removed
 * after the file.
 */
export function migratedDatabase(prefix: string): () => typeof import("@/lib/db/client").db {
  const dir = setupPushDatabase(prefix);
  let db: typeof import("@/lib/db/client").db | undefined;
  beforeAll(async () => {
    migrateDatabase();
    db = (await import("@/lib/db/client")).db;
  });
  afterAll(async () => {
    await db?.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => db!;
}

export async function startPeer(): Promise<RouterOsPeer> {
  return startRouterOsPeer({ seed: { foreign: true, fasttrack: true, dynamicAddressList: true } });
}

/** After setupPushDatabase(): migrates, seeds the users, and loads the lib/push modules a push test drives. */
export async function openPushDatabase() {
  migrateDatabase();
  const db = (await import("@/lib/db/client")).db;
  return {
    push: await import("@/lib/push"),
    queue: await import("@/lib/push/push-queue"),
    db,
    users: await seedUsers(),
  };
}

/** Stops the file's peers and closes its database connection (the folder goes with tempDirForFile). */
export async function closePushDatabase(
  peers: readonly { close(): Promise<void> }[],
  db: { $disconnect(): Promise<void> } | undefined,
): Promise<void> {
  await Promise.all(peers.map((p) => p.close()));
  await db?.$disconnect();
}

export const admin = { type: "user" as const, id: "", label: "alice" };

export async function seedUsers() {
  const { db } = await import("@/lib/db/client");
  const a = await db.user.create({ data: { username: "alice", passwordHash: "x", role: "admin" } });
  const o = await db.user.create({ data: { username: "olga", passwordHash: "x", role: "operator" } });
  return {
    admin: { actor: { type: "user" as const, id: a.id, label: "alice" }, userId: a.id, role: "admin" as const },
    operator: { actor: { type: "user" as const, id: o.id, label: "olga" }, userId: o.id, role: "operator" as const },
  };
}

export function addRouter(name: string, peer: RouterOsPeer): Promise<string> {
  return addRouterOsRouter(name, peer.port);
}

export async function newRuleSet(userId: string, name: string, content: RuleSetContent): Promise<string> {
  const { createRuleSet, userEditor } = await import("@/lib/rulesets");
  const r = await createRuleSet(userEditor({ id: userId, username: "alice" }), { name, description: "", content });
  if (!r.ok) throw new Error(r.message);
  return r.id;
}

export async function saveRevision(userId: string, ruleSetId: string, content: RuleSetContent): Promise<number> {
  const { saveRuleSet, userEditor, getRuleSet } = await import("@/lib/rulesets");
  const set = (await getRuleSet(ruleSetId))!;
  const r = await saveRuleSet(userEditor({ id: userId, username: "alice" }), ruleSetId, {
    name: set.name,
    description: "",
    baseRevision: set.headRevision,
    message: "edit",
    content,
  });
  if (!r.ok) throw new Error(r.message);
  return set.headRevision + 1;
}

export const ssh = rule({
  id: "rssh0001",
  family: "ipv4",
  protocol: "tcp",
  dstPorts: [{ from: 22, to: 22 }],
  comment: "ssh",
});
export const web = rule({
  id: "rweb0001",
  family: "ipv4",
  protocol: "tcp",
  dstPorts: [{ from: 443, to: 443 }],
  comment: "web",
});
export const dns = rule({
  id: "rdns0001",
  family: "ipv4",
  protocol: "udp",
  dstPorts: [{ from: 53, to: 53 }],
  comment: "dns",
});
export const v1: RuleSetContent = {
  rules: [ssh, web],
  addressLists: [{ name: "office", entries: [{ address: "10.1.0.0/16", comment: "hq" }] }],
};
/** Revision 2: web's port changes, dns is added above ssh, the office list gains an entry. */
export const v2: RuleSetContent = {
  rules: [dns, ssh, { ...web, dstPorts: [{ from: 8443, to: 8443 }] }],
  addressLists: [
    {
      name: "office",
      entries: [
        { address: "10.1.0.0/16", comment: "hq" },
        { address: "10.2.0.0/16", comment: "branch" },
      ],
    },
  ],
};

/** A rule that accepts Rampart's own management connection to the peer, ahead of anything that could cut it. */
export function managementRule(peer: { port: number }): Rule {
  return rule({
    id: "rmgmt0001",
    family: "ipv4",
    protocol: "tcp",
    dstPorts: [{ from: peer.port, to: peer.port }],
    comment: "management",
  });
}

/** A rule that drops Rampart's own management connection to the peer: what the lockout guard must refuse. */
export function lockoutRule(peer: { port: number }): Rule {
  return rule({
    id: "rlock0001",
    family: "ipv4",
    action: "drop",
    protocol: "tcp",
    src: { kind: "addresses", values: ["127.0.0.0/8"], negate: false },
    dstPorts: [{ from: peer.port, to: peer.port }],
    comment: "oops",
  });
}

// Ids, counters and an entry's creation time are the router's own; a restored entry is the same entry.
const VOLATILE = new Set([".id", "bytes", "packets", "creation-time"]);

/**
 * The router's firewall as a person compares it, rule by rule: every row of every table in router order with
 * its fields (ids and counters aside), read straight from the peer.
 */
export function firewallOf(peer: RouterOsPeer): string[] {
  return readPeerItems(peer).map(
    (i) =>
      `${i.kind} ${JSON.stringify(
        Object.fromEntries(
          Object.entries(i.fields)
            .filter(([k]) => !VOLATILE.has(k))
            .sort(([a], [b]) => a.localeCompare(b)),
        ),
      )}`,
  );
}

export function managedIds(peer: RouterOsPeer, menu = "ip/firewall/filter"): string[] {
  return peer.rows(menu).flatMap((r) => /^rampart:([a-z0-9]+)/.exec(r.comment ?? "")?.[1] ?? []);
}

/** Foreign and dynamic rows, in router order: these must come through every push untouched. */
export function unmanagedOf(peer: RouterOsPeer): string[] {
  return firewallOf(peer).filter((row) => !row.includes('"comment":"rampart:'));
}

export async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An OpenWrt router (SSH to the stand-in), host key pinned as "Test connection" would have learned it. */
export async function addOpenWrtRouter(
  name: string,
  peer: { host: string; port: number; username: string; password: string; hostKeyFingerprint: string },
): Promise<string> {
  const { createRouter } = await import("@/lib/inventory/routers");
  const r = await createRouter(
    { type: "system", id: null, label: "test" },
    {
      name,
      vendor: "openwrt",
      host: peer.host,
      port: peer.port,
      transport: "ssh",
      username: peer.username,
      password: peer.password,
      site: "",
      tags: [],
      notes: "",
      tlsMode: "verify",
      hostKeyFingerprint: peer.hostKeyFingerprint,
    },
  );
  if (!r.ok) throw new Error(r.message);
  return r.id;
}

// ---- OpenWrt push tests (push-openwrt*.test.ts): the stand-in's own view of the router, and lib/push driven as
// the UI drives it. Router state is read from the stand-in (its committed file, its parser, its uci).

type OpenWrtPeer = import("../peers/openwrt/start-openwrt-peer").OpenWrtPeer;

/**
 * Every firewall section fw4 would load (committed + staged), in file order, as the stand-in's own parser reads
 * it: type, name (anonymous sections have none) and options in their order. One string per section, so a failing
 * comparison names the section that differs.
 */
export function openWrtSections(peer: OpenWrtPeer): string[] {
  return peer
    .readState()
    .sections.map((s) => `${s.type} ${s.name ?? "(anonymous)"} ${JSON.stringify(Object.entries(s.options))}`);
}

/** Everything a push may touch on the stand-in: committed file, every section, what is staged, the loaded ruleset. */
export function openWrtState(peer: OpenWrtPeer) {
  return {
    committed: peer.readConfig(),
    sections: openWrtSections(peer),
    staged: peer.uci(["changes", "firewall"]).stdout,
    live: peer.readLiveRuleset(),
  };
}
export type OpenWrtState = ReturnType<typeof openWrtState>;

/** Exactly that state: section by section first (a readable diff), then the committed file byte for byte. */
export function expectOpenWrtState(peer: OpenWrtPeer, want: OpenWrtState): void {
  const now = openWrtState(peer);
  expect(now.sections).toEqual(want.sections);
  expect(now.staged).toBe("");
  expect(now.committed).toBe(want.committed);
  expect(now.live).toBe(want.live);
}

export const openWrtManaged = (peer: OpenWrtPeer) =>
  peer
    .readState()
    .sections.filter((s) => s.name?.startsWith("rampart_"))
    .map((s) => s.name);
export const openWrtForeign = (peer: OpenWrtPeer) => openWrtSections(peer).filter((s) => !/^\S+ rampart_/.test(s));

/** v1 and v2 (above) as the OpenWrt planner names their sections, in order. */
export const OPENWRT_V1 = ["rampart_set_office_4", "rampart_rssh0001", "rampart_rweb0001"];
export const OPENWRT_V2 = ["rampart_set_office_4", "rampart_rdns0001", "rampart_rssh0001", "rampart_rweb0001"];

/**
 * The lib/push side of a push test file, for either vendor: registers its hooks (migrate, seed users, clear push
 * hooks, close the peers it started) and returns the verbs, with lib/push, lib/drift, the health sweep and
 * lib/rulesets loaded once the database is set up. Call at module top after setupPushDatabase().
 */

type PushRequestBody = z.input<typeof pushRequestSchema>;

function pushHooks<P extends { close(): Promise<void> }>(
  startOne: () => Promise<P>,
  addRouterFor: (name: string, peer: P) => Promise<string>,
  prefix: string,
) {
  // Filled in by beforeAll (openPushDatabase); the verbs below read them at call time.
  const h = {
    users: null as unknown as Awaited<ReturnType<typeof seedUsers>>,
    push: null as unknown as typeof import("@/lib/push"),
    queue: null as unknown as typeof import("@/lib/push/push-queue"),
    db: null as unknown as typeof import("@/lib/db/client").db,
    drift: null as unknown as typeof import("@/lib/drift"),
    sweep: null as unknown as typeof import("@/lib/health/sweep"),
    rulesets: null as unknown as typeof import("@/lib/rulesets"),
    peers: [] as P[],
    n: 0,
  };
  /** A fresh peer, closed when the file's tests are done. */
  async function newPeer(): Promise<P> {
    const peer = await startOne();
    h.peers.push(peer);
    return peer;
  }
  /** A router (on a fresh peer unless given one), assigned a fresh rule set holding `content` and pushed cleanly. */
  async function routerPushed(content: RuleSetContent, given?: P) {
    const peer = given ?? (await newPeer());
    if (given) h.peers.push(given);
    const name = `${prefix}${++h.n}`;
    const routerId = await addRouterFor(name, peer);
    const ruleSetId = await newRuleSet(h.users.admin.userId, `set-${name}`, content);
    const a = await h.push.assignRuleSet(h.users.admin.actor, routerId, ruleSetId);
    if (!a.ok) throw new Error(a.message);
    const d = await previewAndPush(routerId, ruleSetId, 1);
    if (d.status !== "done") throw new Error(`first push: ${d.status}: ${d.error}`);
    return { peer, routerId, ruleSetId, name };
  }
  /** routerPushed() with v1. */
  const routerAtV1 = (given?: P) => routerPushed(v1, given);
  async function preview(routerId: string, ruleSetId: string, revision: number) {
    const p = await h.push.previewPush(h.users.admin.actor, routerId, ruleSetId, revision);
    if (!p.ok) throw new Error(p.refusal.message);
    return p.preview;
  }
  /** Waits on the database, like the UI: the batch is done, stopped or waiting after its canary. */
  function settled(batchId: string) {
    return waitFor(
      () => h.push.getBatch(batchId),
      (b) => !!b && b.state !== "running",
      90_000,
    );
  }
  /**
   * Starts the push of one router's preview; a refusal comes back as the value startPush returns. `extra` is as
   * a request body says it (defaults filled in by the schema).
   */
  function startPreviewed(
    routerId: string,
    ruleSetId: string,
    revision: number,
    previewId: string,
    extra: Partial<PushRequestBody> = {},
    who: PushRequester = h.users.admin,
  ) {
    return h.push.startPush(
      who,
      ruleSetId,
      h.push.pushRequestSchema.parse({ revision, routers: [routerId], previewIds: [previewId], ...extra }),
    );
  }
  async function startAndWait(
    routerId: string,
    ruleSetId: string,
    revision: number,
    previewId: string,
    extra: Partial<import("@/lib/push").PushRequest> = {},
    who = h.users.admin,
  ) {
    const r = await startPreviewed(routerId, ruleSetId, revision, previewId, { revertSeconds: 60, ...extra }, who);
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    await settled(r.batchId);
    return (await h.push.getDeployment(r.deploymentIds[0]))!;
  }
  /** Preview, then push exactly that preview and wait for it; `beforeStart` runs between the two. */
  async function previewAndPush(
    routerId: string,
    ruleSetId: string,
    revision: number,
    extra: Partial<import("@/lib/push").PushRequest> = {},
    beforeStart?: () => void,
  ) {
    const p = await preview(routerId, ruleSetId, revision);
    beforeStart?.();
    return startAndWait(routerId, ruleSetId, revision, p.id, extra);
  }
  /** One health poll of one router, as the sweep runs it, drift check included when due. */
  function poll(routerId: string, opts: { timeoutMs: number; driftEveryMs?: number }) {
    return h.sweep.pollRouter(routerId, { concurrency: 1, ...opts });
  }
  beforeAll(async () => {
    Object.assign(h, await openPushDatabase());
    h.drift = await import("@/lib/drift");
    h.sweep = await import("@/lib/health/sweep");
    h.rulesets = await import("@/lib/rulesets");
  });
  afterEach(() => h.queue?.setPushHooks({}));
  afterAll(() => closePushDatabase(h.peers, h.db));
  return Object.assign(h, {
    newPeer,
    routerPushed,
    routerAtV1,
    preview,
    settled,
    startPreviewed,
    startAndWait,
    previewAndPush,
    poll,
  });
}

/** pushHooks() for OpenWrt stand-ins (seeded with foreign sections), routers named owrt1, owrt2, ... */
export function openWrtPushHooks() {
  return pushHooks(
    async () => {
      const { startOpenWrtPeer } = await import("../peers/openwrt/start-openwrt-peer");
      return startOpenWrtPeer({ seed: "foreign" });
    },
    addOpenWrtRouter,
    "owrt",
  );
}

/** pushHooks() for RouterOS peers (startPeer()'s seed), routers named `${prefix}1`, `${prefix}2`, ... */
export function routerOsPushHooks(prefix: string) {
  const h = pushHooks(startPeer, addRouter, prefix);
  return Object.assign(h, {
    /** routerAtV1(), then v2 saved (not pushed); `old` is the router's firewall at v1, read from the peer. */
    async routerWithV2Saved() {
      const r = await h.routerAtV1();
      await saveRevision(h.users.admin.userId, r.ruleSetId, v2);
      return { ...r, old: firewallOf(r.peer) };
    },
  });
}

/** The id of portRules' rule number `i` (0-based). */
export const portRuleId = (i: number) => `rk${String(i).padStart(6, "0")}`;

/** `n` ipv4 tcp rules, rk000000 accepting port 1000 onwards: a large rule set whose ids sort in rule order. */
export function portRules(n: number): RuleSetContent {
  return {
    rules: Array.from({ length: n }, (_, i) =>
      rule({
        id: portRuleId(i),
        family: "ipv4",
        protocol: "tcp",
        dstPorts: [{ from: 1000 + i, to: 1000 + i }],
      }),
    ),
    addressLists: [],
  };
}

/**
 * Push hooks for a connection that dies mid-apply (a !fatal after `fatalAfterCommands` commands) and a router
 * unreachable until its revert timer fired: the first rollback finds it refusing logins, and before the retry it
 * is back with its clock past the timer, which has run. The retried rollback must read that, not apply on top.
 * `halfApplied` is `snapshot()` as the first rollback found the router; `attempts` counts the rollbacks.
 */
export function unreachableUntilTimerFired(peer: RouterOsPeer, fatalAfterCommands: number, snapshot: () => unknown) {
  const fault = {
    attempts: 0,
    halfApplied: undefined as unknown,
    hooks: {
      beforePhase: async (phase) => {
        if (phase === "apply") peer.faults.fatalAfterCommands = fatalAfterCommands;
        if (phase !== "rollback") return;
        if (++fault.attempts === 1) {
          peer.faults.closeAtLogin = "rst";
          fault.halfApplied = snapshot();
          return;
        }
        peer.faults.closeAtLogin = null;
        peer.faults.fatalAfterCommands = null;
        peer.advanceClock(61_000);
        await waitFor(
          async () => peer.rows("system/scheduler").length,
          (n) => n === 0,
        );
      },
    } satisfies PushHooks,
  };
  return fault;
}

/** An admin's edit in WinBox: straight to the router over the API, Rampart not involved. */
export async function editByHand(peer: RouterOsPeer, wire: string[]): Promise<void> {
  const { mikrotikDriver } = await import("@/lib/routers/mikrotik");
  const s = await mikrotikDriver.connect(routerOsAdminTarget(peer));
  try {
    await s.apply([{ label: "by hand", wire }]);
  } finally {
    await s.close();
  }
}
