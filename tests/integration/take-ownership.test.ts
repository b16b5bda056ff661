import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mikrotikDriver } from "@/lib/routers/mikrotik";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import {
  addRouter,
  migrateDatabase,
  seedUsers,
  setupPushDatabase,
  unreachableUntilTimerFired,
  waitFor,
} from "./push-fixture";
import { routerOsAdminTarget } from "../support/routeros-admin-target";
import { MENUS } from "../support/mikrotik-peer-kit";

/**
 * Import with "take ownership" on a RouterOS router that carries the defconf firewall, through lib/drift and
 * lib/push as the UI drives them, against the real peer: the preview shows only take-overs (sets), never an add
 * or a move; the push re-tags the router's own rows where they stand; a failed or abandoned push leaves
 * every row exactly as it was, `.id`s and comments included. Router state is read from the peer.
 */
const dir = setupPushDatabase("take-ownership");
type Users = Awaited<ReturnType<typeof seedUsers>>;
let users: Users;
let push: typeof import("@/lib/push");
let drift: typeof import("@/lib/drift");
let rulesets: typeof import("@/lib/rulesets");
let queue: typeof import("@/lib/push/push-queue");
let db: typeof import("@/lib/db/client").db;
const peers: RouterOsPeer[] = [];
let n = 0;

beforeAll(async () => {
  migrateDatabase();
  push = await import("@/lib/push");
  drift = await import("@/lib/drift");
  rulesets = await import("@/lib/rulesets");
  queue = await import("@/lib/push/push-queue");
  db = (await import("@/lib/db/client")).db;
  users = await seedUsers();
});
afterEach(() => queue.setPushHooks({}));
afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Every row of the kit's five menus, in table order, ids and comments included; only counters and timestamps
 * aside. The defconf masquerade row (ip/firewall/nat) is taken over, and given back on a rollback, like the
 * filter rows.
 */
function rowsOf(peer: RouterOsPeer) {
  const strip = (r: Record<string, string>) =>
    Object.fromEntries(Object.entries(r).filter(([k]) => !["bytes", "packets", "creation-time"].includes(k)));
  return Object.fromEntries(MENUS.map((m) => [m, peer.rows(m).map(strip)]));
}

async function importedDefconf() {
  const peer = await startRouterOsPeer({ seed: { defconf: true } });
  peers.push(peer);
  const name = `own${++n}`;
  const routerId = await addRouter(name, peer);
  const editor = rulesets.userEditor({ id: users.admin.userId, username: "alice" });
  const r = await drift.importFromRouter(editor, routerId, { name: `defconf ${name}`, takeOwnership: true });
  if (!r.ok) throw new Error(r.message);
  expect(r.assigned).toBe(true);
  return { peer, routerId, ruleSetId: r.ruleSetId, imported: r };
}

async function preview(routerId: string, ruleSetId: string) {
  const p = await push.previewPush(users.admin.actor, routerId, ruleSetId, 1);
  if (!p.ok) throw new Error(p.refusal.message);
  return p.preview;
}

async function pushPreview(routerId: string, ruleSetId: string, previewId: string) {
  const r = await push.startPush(
    users.admin,
    ruleSetId,
    push.pushRequestSchema.parse({ revision: 1, routers: [routerId], previewIds: [previewId], revertSeconds: 60 }),
  );
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  await waitFor(
    () => push.getBatch(r.batchId),
    (b) => !!b && b.state !== "running",
  );
  return (await push.getDeployment(r.deploymentIds[0]))!;
}

describe("import with take ownership (RouterOS defconf)", () => {
  it("the preview shows only take-overs; the push re-tags every imported row in place, order untouched; a re-preview is in sync; a hand move across a foreign rule is drift", async () => {
    const { peer, routerId, ruleSetId, imported } = await importedDefconf();
    expect(imported.claimed).toBeGreaterThan(20);
    const before = rowsOf(peer);

    const p = await preview(routerId, ruleSetId);
    expect(p.plan.counts).toMatchObject({ add: 0, remove: 0, move: 0 });
    const takeOvers = p.plan.changes.filter((c) => c.kind === "change");
    expect(takeOvers).toHaveLength(imported.claimed);
    expect(takeOvers.every((c) => /^take ownership of .* in place: tag it rampart:/.test(c.description))).toBe(true);
    expect(p.plan.ops.every((o) => /\/set$/.test(o.wire[0]))).toBe(true);

    const d = await pushPreview(routerId, ruleSetId, p.id);
    expect(d.status, d.error ?? "").toBe("done");

    const after = rowsOf(peer);
    const content = (await rulesets.getRevision(ruleSetId, 1))!.content;
    for (const m of MENUS) {
      // the same rows: none added, none removed
      expect(after[m].map((r) => r[".id"]).sort()).toEqual(before[m].map((r) => r[".id"]).sort());
      for (const was of before[m]) {
        const now = after[m].find((r) => r[".id"] === was[".id"])!;
        if (now.comment === was.comment) continue; // not imported (skipped) or dynamic: untouched
        const tag = /^rampart:(\S+)(?: (.*))?$/.exec(now.comment ?? "");
        expect(tag, `${m} ${was[".id"]}: ${now.comment}`).not.toBeNull();
        expect(tag![2] ?? "").toBe(was.comment ?? ""); // the original comment text follows the tag
      }
      // nothing moved: the rules Rampart could not import (fasttrack, ipsec policy, ...) see what they saw before
      expect(after[m].map((r) => r[".id"])).toEqual(before[m].map((r) => r[".id"]));
    }
    const taggedFilters = [...after["ip/firewall/filter"], ...after["ipv6/firewall/filter"]].filter((r) =>
      r.comment?.startsWith("rampart:"),
    );
    expect(taggedFilters.map((r) => r.comment!.split(" ")[0].slice("rampart:".length)).sort()).toEqual(
      content.rules.map((r) => r.id).sort(),
    );
    // the defconf masquerade became a raw NAT rule and its row now carries that rule's tag
    expect(after["ip/firewall/nat"].map((r) => r.comment)).toEqual([
      `rampart:${content.nat![0].id} defconf: masquerade`,
    ]);
    expect(content.nat![0].raw?.type).toBe("nat");

    const again = await preview(routerId, ruleSetId);
    expect(again.inSync).toBe(true);
    expect(again.plan.ops).toEqual([]);
    expect((await db.routerAssignment.findUnique({ where: { routerId } }))!.ownershipClaims).toBe("[]");
    const audit = await db.auditEvent.findFirst({ where: { action: "router.take-ownership", targetId: routerId } });
    expect(audit?.summary).toMatch(/^Took over \d+ rules and \d+ address-list items on .* in place/);
    expect(await drift.checkDriftNow(routerId)).toMatchObject({ state: "in-sync" });

    // Someone drags the first taken-over rule below the fasttrack rule: drift, and the push puts it back.
    const filter = peer.rows("ip/firewall/filter");
    const fasttrack = filter.findIndex((r) => r.action === "fasttrack-connection");
    const first = filter.find((r, i) => i < fasttrack && r.comment?.startsWith("rampart:"))!;
    const belowFasttrack = filter[fasttrack + 1];
    const byHand = await mikrotikDriver.connect(routerOsAdminTarget(peer));
    await byHand
      .apply([
        {
          label: "by hand",
          wire: ["/ip/firewall/filter/move", `=numbers=${first[".id"]}`, `=destination=${belowFasttrack[".id"]}`],
        },
      ])
      .finally(() => byHand.close());
    const drifted = await drift.checkDriftNow(routerId);
    expect(drifted).toMatchObject({ state: "drifted", changes: 1 });
    const fix = await preview(routerId, ruleSetId);
    expect(fix.plan.counts).toEqual({ add: 0, change: 0, remove: 0, move: 1 });
  });

  it("the connection drops mid-push: rolled back at once, every row exactly as before (ids, comments, order); the claims stay for the next try", async () => {
    const { peer, routerId, ruleSetId } = await importedDefconf();
    const before = rowsOf(peer);
    const p = await preview(routerId, ruleSetId);
    const half = Math.floor(p.plan.ops.length / 2);
    queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase === "apply") peer.faults.dropAfterSentences = half; // the push connection dies mid-apply
        if (phase === "rollback") peer.faults.dropAfterSentences = null;
      },
    });
    const d = await pushPreview(routerId, ruleSetId, p.id);
    expect(d.status).toBe("rolled-back");
    expect(d.rollbackOutcome).toMatch(/^rolled back: .*matches the state before the push/);
    expect(rowsOf(peer)).toEqual(before);
    expect(peer.rows("system/scheduler")).toEqual([]);
    expect((await db.routerAssignment.findUnique({ where: { routerId } }))!.ownershipClaims).not.toBe("[]");
    // and the next preview still takes over in place
    expect((await preview(routerId, ruleSetId)).plan.counts.add).toBe(0);
  });

  it("the connection dies and the router stays unreachable until its timer fired: the revert timer gives every row back exactly, and the retried rollback reads that", async () => {
    const { peer, routerId, ruleSetId } = await importedDefconf();
    const before = rowsOf(peer);
    const p = await preview(routerId, ruleSetId);
    const fault = unreachableUntilTimerFired(peer, 3, () => rowsOf(peer));
    queue.setPushHooks(fault.hooks);
    const d = await pushPreview(routerId, ruleSetId, p.id);
    expect(fault.halfApplied).not.toEqual(before); // part of the push landed
    expect(d.status).toBe("rolled-back");
    expect(d.rollbackOutcome).toMatch(
      /^rolled back: the router's own revert timer had already restored the previous firewall/,
    );
    expect(rowsOf(peer)).toEqual(before);
    expect(peer.state.log.filter((l) => l.topic === "script,error" || l.topic === "script,warning")).toEqual([]);
    expect(peer.rows("system/scheduler")).toEqual([]);
    expect(peer.rows("system/script")).toEqual([]);
  });
});
