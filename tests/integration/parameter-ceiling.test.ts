/**
 * Lists that grow with the fleet or the rule set reach the database in slices (lib/db/in-chunks): a push to
 * 994 routers or more failed with Prisma's P2029 (one bound parameter per router). Real SQLite, the real push
 * start and stop, one real RouterOS peer for the canary.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouterOsPeer } from "../peers/routeros";
import {
  addRouter,
  migrateDatabase,
  newRuleSet,
  seedUsers,
  setupPushDatabase,
  ssh,
  startPeer,
  waitFor,
} from "./push-fixture";

setupPushDatabase("param-ceiling");
const FLEET = 10_000;
let peer: RouterOsPeer;

beforeAll(async () => {
  migrateDatabase();
  peer = await startPeer();
});
afterAll(async () => peer?.close());

describe("parameter ceilings", () => {
  it("one push batch to 10,000 routers starts, shows its progress and stops", { timeout: 180_000 }, async () => {
    const { db } = await import("@/lib/db/client");
    const { chunks } = await import("@/lib/db/in-chunks");
    const { previewPush, startPush, getBatch, stopBatch } = await import("@/lib/push");
    const { whenIdle } = await import("@/lib/push/push-queue");
    const users = await seedUsers();
    const setId = await newRuleSet(users.admin.userId, "fleet", { rules: [ssh], addressLists: [] });

    // The first router is real (the canary reaches the peer); the rest are rows that are never connected to.
    const first = await addRouter("r00000", peer);
    await db.routerAssignment.create({ data: { routerId: first, ruleSetId: setId } });
    const preview = await previewPush(users.admin.actor, first, setId);
    expect(preview.ok).toBe(true);
    const stored = (await db.pushPreview.findFirst({ where: { routerId: first } }))!;
    const others = Array.from({ length: FLEET - 1 }, (_, i) => `fleet${String(i + 1).padStart(5, "0")}`);
    for (const slice of chunks(others, 200)) {
      await db.router.createMany({
        data: slice.map((id) => ({
          id,
          name: `r${id.slice(5)}`,
          vendor: "mikrotik",
          host: "127.0.0.1",
          port: peer.port,
          transport: "api",
          username: "admin",
        })),
      });
      await db.routerAssignment.createMany({ data: slice.map((routerId) => ({ routerId, ruleSetId: setId })) });
      await db.pushPreview.createMany({
        data: slice.map((routerId) => ({
          routerId,
          ruleSetId: setId,
          revisionId: stored.revisionId,
          createdByLabel: "alice",
          planHash: stored.planHash,
          baseStateHash: stored.baseStateHash,
          lockout: stored.lockout,
        })),
      });
    }

    const started = await startPush(users.admin, setId, {
      routers: "all",
      canary: 1,
      stopOnFailure: false,
      revertSeconds: 60,
      override: { lockout: false, noTimer: false, staged: false },
    });
    if (!started.ok) throw new Error(started.message);
    expect(started.deploymentIds).toHaveLength(FLEET);
    // One stored plan for the whole fleet, each deployment pointing at it.
    expect(await db.pushPlan.count()).toBe(1);
    expect(await db.deployment.count({ where: { planHash: stored.planHash } })).toBe(FLEET);

    await whenIdle();
    const waiting = await waitFor(
      () => getBatch(started.batchId),
      (b) => b?.state === "canary-wait",
    );
    expect(waiting!.deployments).toHaveLength(FLEET);
    expect(waiting!.deployments.filter((d) => d.status === "done")).toHaveLength(1);

    expect((await stopBatch(users.admin.actor, started.batchId)).ok).toBe(true);
    const stopped = await getBatch(started.batchId);
    expect(stopped!.state).toBe("stopped");
    expect(stopped!.deployments.filter((d) => d.status === "skipped")).toHaveLength(FLEET - 1);
  });
});
