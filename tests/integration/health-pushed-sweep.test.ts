import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchRuleSet } from "../../bench/support/rule-sets";
import type { RouterOsPeer } from "../peers/routeros";
import { mikrotikDriver } from "@/lib/routers/mikrotik";
import {
  addRouter,
  migrateDatabase,
  newRuleSet,
  seedUsers,
  setupPushDatabase,
  startPeer,
  waitFor,
} from "./push-fixture";
import { routerOsAdminTarget } from "../support/routeros-admin-target";

/**
 * Issue #18: pushed routers were shown "degraded" because the poll's latency counted this process's own work
 * (other polls' drift checks) as the router's. Real pushes to real peers, then sweeps while this process's event
 * loop is stalled past the degraded line: every router answered at once, so none may be shown degraded; the
 * hash-first drift check keeps them in sync and still finds a hand edit on the next poll.
 */
const dir = setupPushDatabase("pushed-sweep");
const ROUTERS = 4;
const STALL_MS = 1300;

let db: typeof import("@/lib/db/client").db;
const peers: RouterOsPeer[] = [];

beforeAll(async () => {
  migrateDatabase();
  db = (await import("@/lib/db/client")).db;
});

afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** This process busy for `ms` once every peer has received a login: our own CPU, not the routers'. */
function stallWhilePolling(ms: number): Promise<void> {
  const before = peers.reduce((n, p) => n + p.state.loginAttempts, 0);
  return new Promise((resolve) => {
    const t = setInterval(() => {
      if (peers.reduce((n, p) => n + p.state.loginAttempts, 0) < before + peers.length) return;
      clearInterval(t);
      const end = performance.now() + ms;
      while (performance.now() < end);
      resolve();
    }, 1);
  });
}

describe("health sweep of pushed routers", () => {
  it("a sweep of pushed routers that shows no false 'degraded'", async () => {
    const users = await seedUsers();
    const push = await import("@/lib/push");
    const { sweepAll } = await import("@/lib/health/sweep");
    const ids: string[] = [];
    for (let i = 0; i < ROUTERS; i++) {
      const peer = await startPeer();
      peers.push(peer);
      ids.push(await addRouter(`p${i}`, peer));
    }
    const ruleSetId = await newRuleSet(users.admin.userId, "pushed", benchRuleSet(300));
    const previewIds: string[] = [];
    for (const id of ids) {
      expect((await push.assignRuleSet(users.admin.actor, id, ruleSetId)).ok).toBe(true);
      const p = await push.previewPush(users.admin.actor, id, ruleSetId);
      if (!p.ok) throw new Error(p.refusal.message);
      previewIds.push(p.preview.id);
    }
    const started = await push.startPush(
      users.admin,
      ruleSetId,
      push.pushRequestSchema.parse({ routers: "all", previewIds }),
    );
    if (!started.ok) throw new Error(started.message);
    await waitFor(
      () => push.getBatch(started.batchId),
      (b) => !!b && b.state !== "running",
      60_000,
    );
    for (const p of peers)
      expect(p.rows("ip/firewall/filter").filter((r) => r.comment?.includes("bench rule")).length).toBe(300);

    const statuses = () => db.routerStatus.findMany({ where: { routerId: { in: ids } } });
    for (let sweep = 1; sweep <= 2; sweep++) {
      const stall = stallWhilePolling(STALL_MS);
      await sweepAll({ concurrency: ROUTERS, timeoutMs: 5000 });
      await stall;
      for (const s of await statuses()) {
        expect(s.state, `sweep ${sweep}: ${s.lastError}`).toBe("up");
        expect(s.latencyMs!).toBeLessThan(1000);
        expect(s.driftState).toBe("in-sync");
        // The full comparison found it in sync, so the next poll can tell by the state hash alone.
        expect(s.syncedKey).toMatch(/^[0-9a-f]{64}$/);
      }
    }

    // A hand edit on one router changes its state hash: the next poll compares in full and finds it.
    const s = await mikrotikDriver.connect(routerOsAdminTarget(peers[0]));
    try {
      const row = peers[0].rows("ip/firewall/filter").find((r) => r.comment?.includes("bench rule 7"))!;
      await s.apply([{ label: "by hand", wire: ["/ip/firewall/filter/set", `=.id=${row[".id"]}`, "=dst-port=2222"] }]);
    } finally {
      await s.close();
    }
    await sweepAll({ concurrency: ROUTERS, timeoutMs: 5000 });
    const after = Object.fromEntries((await statuses()).map((x) => [x.routerId, x]));
    expect(after[ids[0]].driftState).toBe("drifted");
    expect(after[ids[0]].driftDetail).toContain("2222");
    for (const id of ids.slice(1)) expect(after[id].driftState).toBe("in-sync");
  }, 120_000);
});
