import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouterOsPeer } from "../peers/routeros";
import {
  addRouter,
  managedIds,
  newRuleSet,
  seedUsers,
  setupPushDatabase,
  startPeer,
  v1,
  waitFor,
  closePushDatabase,
  openPushDatabase,
} from "./push-fixture";

setupPushDatabase("preview-many");

let users: Awaited<ReturnType<typeof seedUsers>>;
let push: typeof import("@/lib/push");
let api: typeof import("@/lib/push/api-service");
let db: typeof import("@/lib/db/client").db;
const peers: RouterOsPeer[] = [];

beforeAll(async () => {
  ({ push, db, users } = await openPushDatabase());
  api = await import("@/lib/push/api-service");
});

afterAll(() => closePushDatabase(peers, db));

describe("POST /rule-sets/{id}/previews/batch (previewManyForApi)", () => {
  it("previews each router against its own firewall, errors stay per router, and the push runs exactly those previews", async () => {
    for (let i = 0; i < 3; i++) peers.push(await startPeer());
    const [a, b, c] = [
      await addRouter("batch-a", peers[0]),
      await addRouter("batch-b", peers[1]),
      await addRouter("batch-c", peers[2]),
    ];
    const ruleSetId = await newRuleSet(users.admin.userId, "batch-set", v1);
    for (const id of [a, b]) expect((await push.assignRuleSet(users.admin.actor, id, ruleSetId)).ok).toBe(true);
    const { results } = await api.previewManyForApi(users.operator, ruleSetId, {
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

    const started = await push.startPush(
      users.operator,
      ruleSetId,
      push.pushRequestSchema.parse({ routers: [a, b], previewIds: [pa.id, pb.id] }),
    );
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    await waitFor(
      () => db.pushBatch.findUnique({ where: { id: started.batchId } }),
      (x) => x?.state !== "running",
    );
    for (const peer of [peers[0], peers[1]]) expect(managedIds(peer).sort()).toEqual(v1.rules.map((r) => r.id).sort());
    expect(managedIds(peers[2])).toEqual([]);
  });

  it("an unknown rule set is a 404 for the whole request", async () => {
    await expect(api.previewManyForApi(users.operator, "nope", { routerIds: ["x"] })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
