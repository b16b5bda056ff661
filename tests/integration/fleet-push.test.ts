import { describe, expect, it } from "vitest";
import {
  addRouter,
  editByHand,
  managedIds,
  newRuleSet,
  routerOsPushHooks,
  setupPushDatabase,
  v1,
} from "./push-fixture";

setupPushDatabase("fleet-push");

const h = routerOsPushHooks("fleet");

describe("a push to a fleet", () => {
  it("routers read alike share one plan, a router that differs gets its own; the batch view and its end follow every router", async () => {
    const alike = 6;
    for (let i = 0; i <= alike; i++) await h.newPeer();
    // One router holds a rule of its own: its read differs, so must its plan's base and its resulting chain.
    const odd = h.peers[alike];
    await editByHand(odd, ["/ip/firewall/filter/add", "=chain=input", "=protocol=icmp", "=action=accept"]);
    const ids: string[] = [];
    for (const [i, peer] of h.peers.entries()) ids.push(await addRouter(`fleet-${i}`, peer));
    const ruleSetId = await newRuleSet(h.users.admin.userId, "fleet-set", v1);
    for (const id of ids) expect((await h.push.assignRuleSet(h.users.admin.actor, id, ruleSetId)).ok).toBe(true);

    const { previewMany } = await import("@/lib/push/preview-many");
    const previews = (await previewMany(h.users.admin.actor, ruleSetId, ids)).map((p) => {
      if (!p.ok) throw new Error(p.refusal.message);
      return p.preview;
    });
    const same = previews.slice(0, alike);
    expect(new Set(same.map((p) => p.planHash)).size).toBe(1);
    expect(new Set(same.map((p) => p.plan.baseStateHash)).size).toBe(1);
    const oddPreview = previews[alike];
    expect(oddPreview.plan.baseStateHash).not.toBe(same[0].plan.baseStateHash);
    const routerRows = (p: (typeof previews)[number]) => p.chain!.rows.filter((r) => r.origin === "router").length;
    expect(routerRows(oddPreview)).toBe(routerRows(same[0]) + 1);

    // What the batch bookkeeping sees after each deployment: the batch's work still in this process.
    const batch = await import("@/lib/push/batch");
    const inFlight: number[] = [];
    h.queue.setFinishedHandler(async (deploymentId) => {
      const d = await h.db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
      inFlight.push(h.queue.inFlightCount(d.batchId!));
      await batch.onDeploymentFinished(deploymentId);
    });
    try {
      const started = await h.push.startPush(
        h.users.admin,
        ruleSetId,
        h.push.pushRequestSchema.parse({ routers: "all", previewIds: previews.map((p) => p.id) }),
      );
      if (!started.ok) throw new Error(started.message);
      const b = await h.settled(started.batchId);
      expect(b?.state).toBe("done");
      // Each ended deployment is uncounted before the bookkeeping runs: the last one finds nothing left.
      expect(inFlight).toEqual([6, 5, 4, 3, 2, 1, 0]);
      const view = (await h.push.getBatch(started.batchId))!;
      expect(view.deployments.map((d) => [d.routerName, d.status, d.ruleSetName, d.revisionNumber])).toEqual(
        ids.map((_, i) => [`fleet-${i}`, "done", "fleet-set", 1]),
      );
      expect(view.deployments.every((d) => d.finishedAt !== null && d.counts.add === same[0].plan.counts.add)).toBe(
        true,
      );
    } finally {
      h.queue.setFinishedHandler(batch.onDeploymentFinished);
    }
    for (const peer of h.peers) expect(managedIds(peer).sort()).toEqual(v1.rules.map((r) => r.id).sort());
    expect(odd.rows("ip/firewall/filter").some((r) => r.protocol === "icmp" && !r.comment)).toBe(true);
  });
});
