/**
 * Upgrading: deployments pushed before plans were shared each hold their plan in a DeploymentPlan row. Startup
 * moves them into PushPlan (one row per distinct plan), idempotently, and the deployment reads the same plan.
 * Real SQLite, migrated; the legacy rows are written as the old code wrote them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RouterOsPeer } from "../peers/routeros";
import { addRouter, migrateDatabase, newRuleSet, seedUsers, setupPushDatabase, ssh } from "./push-fixture";

setupPushDatabase("plan-legacy");
beforeAll(() => migrateDatabase(), 60_000);

const oldPlan = (baseStateHash: string) => ({
  ops: [{ label: "add ssh", wire: ["/ip/firewall/filter/add", "=chain=input", "=dst-port=22"] }],
  changes: [{ kind: "add", ruleId: "rssh0001", description: "accept tcp to port 22" }],
  counts: { add: 1, change: 0, remove: 0, move: 0 },
  baseStateHash,
  notes: [],
});

describe("plans stored the old way", () => {
  it("move into the shared plan table at startup, once, and read back the same", async () => {
    const { db } = await import("@/lib/db/client");
    const { convertLegacyPlans } = await import("@/lib/push/plan-legacy");
    const { loadPlan } = await import("@/lib/push/plan-store");
    const { getDeployment } = await import("@/lib/push/queries");
    const users = await seedUsers();
    const setId = await newRuleSet(users.admin.userId, "legacy", { rules: [ssh], addressLists: [] });
    const revision = await db.ruleSetRevision.findFirstOrThrow({ where: { ruleSetId: setId } });
    const fakePeer = { port: 1 } as RouterOsPeer;
    const routers = [
      await addRouter("old-a", fakePeer),
      await addRouter("old-b", fakePeer),
      await addRouter("old-c", fakePeer),
    ];
    // Two routers had the same live state (same plan), the third another.
    const hashes = ["state-1", "state-1", "state-2"];
    const ids: string[] = [];
    for (const [i, routerId] of routers.entries()) {
      const d = await db.deployment.create({
        data: {
          routerId,
          ruleSetId: setId,
          revisionId: revision.id,
          status: "done",
          previewHash: hashes[i],
          opsTotal: 1,
        },
      });
      await db.deploymentPlan.create({ data: { deploymentId: d.id, plan: JSON.stringify(oldPlan(hashes[i])) } });
      ids.push(d.id);
    }
    const broken = await db.deployment.create({
      data: { routerId: routers[0], ruleSetId: setId, revisionId: revision.id, status: "failed", previewHash: "x" },
    });
    await db.deploymentPlan.create({ data: { deploymentId: broken.id, plan: "{not json" } });

    expect(await convertLegacyPlans()).toEqual({ converted: 3, unreadable: 1 });
    // The router-specific base state is not part of the shared plan: one plan serves all three.
    expect(await db.pushPlan.count()).toBe(1);
    expect(await db.deploymentPlan.count()).toBe(1); // the unreadable one stays, reported, never guessed at
    for (const [i, id] of ids.entries()) {
      const d = await db.deployment.findUniqueOrThrow({ where: { id } });
      expect(await loadPlan(d.planHash, d.previewHash)).toEqual(oldPlan(hashes[i]));
      expect((await getDeployment(id))!.plan).toMatchObject({
        counts: { add: 1 },
        opsTotal: 1,
        detailKept: true,
        changes: { total: 1 },
      });
    }
    // A second start finds nothing more to move.
    expect(await convertLegacyPlans()).toEqual({ converted: 0, unreadable: 1 });
    expect(await db.pushPlan.count()).toBe(1);
  });
});
