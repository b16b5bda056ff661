import { beforeAll, describe, expect, it } from "vitest";
import { addRouter, managedIds, newRuleSet, routerOsPushHooks, setupPushDatabase, v1, waitFor } from "./push-fixture";

setupPushDatabase("preview-many");

const h = routerOsPushHooks("pm");
let api: typeof import("@/lib/push/api-service");

beforeAll(async () => {
  api = await import("@/lib/push/api-service");
});

describe("POST /rule-sets/{id}/previews/batch (previewManyForApi)", () => {
  it("previews each router against its own firewall, errors stay per router, and the push runs exactly those previews", async () => {
    for (let i = 0; i < 3; i++) await h.newPeer();
    const [a, b, c] = [
      await addRouter("batch-a", h.peers[0]),
      await addRouter("batch-b", h.peers[1]),
      await addRouter("batch-c", h.peers[2]),
    ];
    const ruleSetId = await newRuleSet(h.users.admin.userId, "batch-set", v1);
    for (const id of [a, b]) expect((await h.push.assignRuleSet(h.users.admin.actor, id, ruleSetId)).ok).toBe(true);
    const { results } = await api.previewManyForApi(h.users.operator, ruleSetId, {
      routerIds: [a, "no-such-router", c, b],
    });
    expect(results.map((r) => r.routerId)).toEqual([a, "no-such-router", c, b]);
    expect(results[1].error).toMatchObject({ code: "not_found" });
    expect(results[2].error).toMatchObject({ code: "conflict" });
    expect(results[2].error!.message).toContain("is not assigned");
    const [pa, pb] = [results[0].preview!, results[3].preview!];
    expect(pa.routerName).toBe("batch-a");
    expect(pb.routerName).toBe("batch-b");
    expect(pa.plan.opsTotal).toBeGreaterThan(0);
    expect(pa.id).not.toBe(pb.id);

    const started = await h.push.startPush(
      h.users.operator,
      ruleSetId,
      h.push.pushRequestSchema.parse({ routers: [a, b], previewIds: [pa.id, pb.id] }),
    );
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    await waitFor(
      () => h.db.pushBatch.findUnique({ where: { id: started.batchId } }),
      (x) => x?.state !== "running",
    );
    for (const peer of [h.peers[0], h.peers[1]])
      expect(managedIds(peer).sort()).toEqual(v1.rules.map((r) => r.id).sort());
    expect(managedIds(h.peers[2])).toEqual([]);
  });

  it("an unknown rule set is a 404 for the whole request", async () => {
    await expect(api.previewManyForApi(h.users.operator, "nope", { routerIds: ["x"] })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
