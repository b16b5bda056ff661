import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import {
  addRouter,
  closePushDatabase,
  openPushDatabase,
  saveRevision,
  setupPushDatabase,
  v1,
  v2,
  waitFor,
} from "./push-fixture";

/**
 * Issue #21: "since when" and "how often". A real RouterOS peer is stopped and started again on its port; the
 * router's state changes, "down since" and uptime must be the exact instants of the polls that saw each change,
 * and stay so after compaction has folded the samples away.
 */
setupPushDatabase("health-uptime");

let env: Awaited<ReturnType<typeof openPushDatabase>>;
const peers: RouterOsPeer[] = [];

beforeAll(async () => {
  env = await openPushDatabase();
});

afterAll(async () => {
  await closePushDatabase(peers, env?.db);
});

describe("health since when and how often", () => {
  it("down since the poll that found it down; uptime from the exact intervals, compaction or not", async () => {
    const { db } = env;
    const { pollRouter } = await import("@/lib/health/sweep");
    const { routerHealth } = await import("@/lib/health/queries");
    const { uptimeFor } = await import("@/lib/health/uptime");
    const { compactHealthSamples } = await import("@/lib/health/retention");
    const opts = { concurrency: 1, timeoutMs: 2000 };
    const peer = await startRouterOsPeer({ users: { admin: "admin" } });
    const port = peer.port;
    const id = await addRouter("edge", peer);
    const sampleAt = async () =>
      (await db.healthSample.findFirstOrThrow({ where: { routerId: id }, orderBy: { id: "desc" } })).at.getTime();

    expect((await pollRouter(id, opts)).state).toBe("up");
    const t0 = await sampleAt();
    expect((await pollRouter(id, opts)).state).toBe("up");
    await peer.close();
    expect((await pollRouter(id, opts)).state).toBe("down");
    const t1 = await sampleAt();
    expect((await pollRouter(id, opts)).state).toBe("down");
    const down = (await routerHealth(id))!;
    expect(down.state).toBe("down");
    expect(down.stateSince).toBe(new Date(t1).toISOString());

    peers.push(await startRouterOsPeer({ users: { admin: "admin" }, port }));
    expect((await pollRouter(id, opts)).state).toBe("up");
    const t2 = await sampleAt();
    expect((await pollRouter(id, opts)).state).toBe("up");

    // Six polls, three changes: the list shows changes, not every poll.
    const changes = await db.routerStateChange.findMany({ where: { routerId: id }, orderBy: { id: "asc" } });
    expect(changes.map((c) => [c.fromState, c.toState, c.at.getTime()])).toEqual([
      ["unknown", "up", t0],
      ["up", "down", t1],
      ["down", "up", t2],
    ]);
    expect(changes[1].error).toMatch(/^Connection refused/);
    expect((await routerHealth(id))!.stateSince).toBe(new Date(t2).toISOString());

    const now = t2 + 60_000;
    const want = (t1 - t0 + (now - t2)) / (now - t0);
    const current = { id, state: "up", stateSince: new Date(t2) };
    const before = (await uptimeFor([current], now)).get(id)!;
    expect(before["24h"]).toBeCloseTo(want, 12);
    expect(before["30d"]).toBeCloseTo(want, 12);
    expect(want).toBeLessThan(1);

    // Compaction folds every sample away (3 h later); the uptime of the same instants does not move.
    await compactHealthSamples(now + 3 * 3600_000);
    expect(await db.healthSample.count({ where: { routerId: id } })).toBe(0);
    expect((await uptimeFor([current], now)).get(id)).toEqual(before);

    // A day later the 24 h window starts after the outage: 100 %; the 30 d one still holds it.
    const later = now + 86400_000 + 1000;
    const day = (await uptimeFor([current], later)).get(id)!;
    expect(day["24h"]).toBe(1);
    expect(day["30d"]).toBeCloseTo((t1 - t0 + (later - t2)) / (later - t0), 12);
  }, 60_000);

  it("a router in sync with an older revision than its rule set's head is 'behind'", async () => {
    const { push, users } = env;
    const { pollRouter } = await import("@/lib/health/sweep");
    const { routerHealth } = await import("@/lib/health/queries");
    const { newRuleSet } = await import("./push-fixture");
    const peer = await startRouterOsPeer({ users: { admin: "admin" } });
    peers.push(peer);
    const id = await addRouter("branch", peer);
    const ruleSetId = await newRuleSet(users.admin.userId, "office", v1);
    expect((await push.assignRuleSet(users.admin.actor, id, ruleSetId)).ok).toBe(true);
    const p = await push.previewPush(users.admin.actor, id, ruleSetId);
    if (!p.ok) throw new Error(p.refusal.message);
    const started = await push.startPush(
      users.admin,
      ruleSetId,
      push.pushRequestSchema.parse({ routers: "all", previewIds: [p.preview.id] }),
    );
    if (!started.ok) throw new Error(started.message);
    await waitFor(
      () => push.getBatch(started.batchId),
      (b) => !!b && b.state !== "running",
      30_000,
    );
    await pollRouter(id);
    const { unpushedRuleSets } = await import("@/lib/rulesets/unpushed");
    expect((await unpushedRuleSets()).ruleSetIds).not.toContain(ruleSetId);
    const synced = (await routerHealth(id))!;
    expect([synced.syncState, synced.lastPushed, synced.assignedHead]).toEqual(["in-sync", "office #1", "office #1"]);

    await saveRevision(users.admin.userId, ruleSetId, v2);
    await pollRouter(id);
    const behind = (await routerHealth(id))!;
    // The router still holds revision 1 exactly (drift: in sync with it), but the rule set now says #2.
    expect(behind.driftState).toBe("in-sync");
    // The shell's "unpushed changes" badge counts this rule set now.
    expect((await unpushedRuleSets()).ruleSetIds).toContain(ruleSetId);
    expect([behind.syncState, behind.lastPushed, behind.assignedHead]).toEqual(["behind", "office #1", "office #2"]);
  }, 60_000);
});
