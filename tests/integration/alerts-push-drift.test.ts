import { beforeAll, describe, expect, it } from "vitest";
import { mikrotikDriver } from "@/lib/routers/mikrotik";
import { addRouter, newRuleSet, routerOsPushHooks, saveRevision, setupPushDatabase, v1, v2 } from "./push-fixture";
import { routerOsAdminTarget } from "../support/routeros-admin-target";

/**
 * Drift and push outcomes raise their alerts against the real RouterOS peer: one "drift detected" when a router
 * drifts (not one per poll), none for a push that is done, and one of the matching kind for a push that is not.
 */
setupPushDatabase("alerts-push-drift");

const h = routerOsPushHooks("a");

beforeAll(async () => {
  const { createChannel } = await import("@/lib/alerts/channels");
  // A channel that takes every type, so each alert gets a delivery row (it is never sent here).
  const c = await createChannel({
    kind: "webhook",
    name: "all",
    events: ["drift-detected", "push-failed", "push-rolled-back", "push-unknown"],
    enabled: true,
    sites: [],
    routerIds: [],
    config: { url: "http://127.0.0.1:9/h" },
    secret: "s",
  });
  if (!c.ok) throw new Error(c.message);
});

const pushRevision = (routerId: string, ruleSetId: string, revision: number, beforeStart?: () => void) =>
  h.previewAndPush(routerId, ruleSetId, revision, {}, beforeStart);

const events = (routerId: string) =>
  h.db.alertEvent.findMany({ where: { routerId }, orderBy: { at: "asc" }, include: { deliveries: true } });

describe("alerts from drift and pushes", () => {
  it("a hand edit raises one 'drift detected' alert, however many polls see it", async () => {
    const sweep = await import("@/lib/health/sweep");
    const peer = await h.newPeer();
    const routerId = await addRouter("drifty", peer);
    const ruleSetId = await newRuleSet(h.users.admin.userId, "drift-alerts", v1);
    expect((await h.push.assignRuleSet(h.users.admin.actor, routerId, ruleSetId)).ok).toBe(true);
    expect((await pushRevision(routerId, ruleSetId, 1)).status).toBe("done");
    const poll = () => sweep.pollRouter(routerId, { concurrency: 1, timeoutMs: 3000 });
    await poll();
    expect(await events(routerId)).toEqual([]);

    const s = await mikrotikDriver.connect(routerOsAdminTarget(peer));
    const web = peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rweb0001"))!;
    await s
      .apply([{ label: "by hand", wire: ["/ip/firewall/filter/set", `=.id=${web[".id"]}`, "=dst-port=8443"] }])
      .finally(() => s.close());
    await poll();
    await poll();
    const got = await events(routerId);
    expect(got.map((e) => [e.type, e.disposition, e.deliveries.length])).toEqual([["drift-detected", "delivered", 1]]);
    expect(got[0].summary).toBe("Drift detected: 1 difference from the last pushed revision");
  }, 120_000);

  it("a push that is done raises nothing; one that breaks mid-way raises one alert of its outcome's kind", async () => {
    const peer = await h.newPeer();
    const routerId = await addRouter("pushy", peer);
    const ruleSetId = await newRuleSet(h.users.admin.userId, "push-alerts", v1);
    expect((await h.push.assignRuleSet(h.users.admin.actor, routerId, ruleSetId)).ok).toBe(true);
    expect((await pushRevision(routerId, ruleSetId, 1)).status).toBe("done");
    expect(await events(routerId)).toEqual([]);

    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    // The connection drops just before the router runs the 12th command of the push (mid-apply).
    const d = await pushRevision(routerId, ruleSetId, 2, () => (peer.faults.dropAtNth = { n: 12, when: "before" }));
    const kind = { failed: "push-failed", "rolled-back": "push-rolled-back", "failed-unknown": "push-unknown" }[
      d.status as string
    ];
    expect(kind, `push ended ${d.status}`).toBeDefined();
    const got = await events(routerId);
    expect(got.map((e) => [e.type, e.link, e.deliveries.length])).toEqual([[kind, `/deployments/${d.id}`, 1]]);
    expect(got[0].summary).toContain(d.error ?? "");
  }, 120_000);
});
