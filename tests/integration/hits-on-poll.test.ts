import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RouterOsPeer } from "../peers/routeros";
import { addRouter, newRuleSet, openWrtPushHooks, startPeer, v1, setupPushDatabase } from "./push-fixture";

vi.setConfig({ testTimeout: 90_000 });

/**
 * Issue #21.3: the health poll records the rules' hits from the firewall read it already makes for the drift check
 * (docs/rule-hits.md §3), on both vendors: no other read, nothing on a poll whose drift read is not due, a reset is
 * no hit, a failed or partial read records nothing, and one record per router. Real peers, a real database, the
 * real poll; traffic is the peers' test hooks adding to the counters as a router's packet path would.
 */
const dir = setupPushDatabase("hits-on-poll");
const h = openWrtPushHooks();
const rosPeers: RouterOsPeer[] = [];
let sweep: typeof import("@/lib/health/sweep");
let usage: typeof import("@/lib/hits/rule-set-hits");

beforeAll(async () => {
  sweep = await import("@/lib/health/sweep");
  usage = await import("@/lib/hits/rule-set-hits");
});
afterAll(async () => {
  await Promise.all(rosPeers.map((p) => p.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A poll whose drift read is due (every poll reads) or not (the last read was just now, the interval 5 min). */
const due = { concurrency: 1, timeoutMs: 5000 };
const notDue = { ...due, driftEveryMs: 300_000 };

async function poll(routerId: string, opts: typeof due) {
  const obs = await sweep.pollRouter(routerId, opts);
  // the OpenWrt stand-in's SSH login can take past the 1 s degraded line on a loaded machine
  expect(["up", "degraded"]).toContain(obs.state);
}

async function hitOf(ruleSetId: string, ruleId: string) {
  return (await usage.ruleSetHits(ruleSetId))!.rules.find((r) => r.ruleId === ruleId)!;
}

const filterPrints = (peer: RouterOsPeer) =>
  peer.state.commands.filter((c) => c[0] === "/ip/firewall/filter/print").length;

async function pushedRouterOs(name: string) {
  const peer = await startPeer();
  rosPeers.push(peer);
  const routerId = await addRouter(name, peer);
  const ruleSetId = await newRuleSet(h.users.admin.userId, `set-${name}`, v1);
  expect((await h.push.assignRuleSet(h.users.admin.actor, routerId, ruleSetId)).ok).toBe(true);
  const d = await h.previewAndPush(routerId, ruleSetId, 1);
  expect(d.status, d.error ?? "").toBe("done");
  return { peer, routerId, ruleSetId };
}

describe("RouterOS", () => {
  it("'Check now' records the counters of its read, as a poll does", async () => {
    const { peer, routerId, ruleSetId } = await pushedRouterOs("ros-check-now");
    const { checkDriftNow } = await import("@/lib/drift");
    const sshRow = peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rssh0001"))!;
    expect(await checkDriftNow(routerId)).toMatchObject({ state: "in-sync" });
    peer.countTraffic("ip/firewall/filter", sshRow[".id"], 5, 300);
    expect(await checkDriftNow(routerId)).toMatchObject({ state: "in-sync" });
    expect(await hitOf(ruleSetId, "rssh0001")).toMatchObject({ state: "used", packets: 5 });
  });

  it("a due poll records the counters it read for drift; a poll not due reads and records nothing; a reset is no hit", async () => {
    const { peer, routerId, ruleSetId } = await pushedRouterOs("ros-poll");
    const sshRow = peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rssh0001"))!;
    expect(await hitOf(ruleSetId, "rssh0001")).toMatchObject({ state: "unknown", reported: 0 });

    // The first poll reads the firewall (the router was never seen up): the drift check's one read of the filter
    // table, and its counters are the first known.
    let prints = filterPrints(peer);
    await poll(routerId, notDue);
    expect(filterPrints(peer)).toBe(prints + 1);
    expect(await hitOf(ruleSetId, "rssh0001")).toMatchObject({ state: "quiet", reported: 1, routers: 1, packets: 0 });
    const status = await h.db.routerStatus.findUniqueOrThrow({ where: { routerId } });
    expect(status.driftState).toBe("in-sync");

    // Traffic, then a poll that is not due: the rise is not seen yet.
    peer.countTraffic("ip/firewall/filter", sshRow[".id"], 12, 840);
    prints = filterPrints(peer);
    await poll(routerId, notDue);
    expect(filterPrints(peer)).toBe(prints);
    expect(await hitOf(ruleSetId, "rssh0001")).toMatchObject({ state: "quiet", packets: 0, lastHitAt: null });

    // The next due poll sees it: a hit at that read.
    const before = Date.now();
    await poll(routerId, due);
    const used = await hitOf(ruleSetId, "rssh0001");
    expect(used).toMatchObject({ state: "used", packets: 12, bytes: 840 });
    expect(Date.parse(used.lastHitAt!)).toBeGreaterThanOrEqual(before);
    expect(await hitOf(ruleSetId, "rweb0001")).toMatchObject({ state: "quiet", packets: 0, lastHitAt: null });

    // A reboot: counters back at 0 on the next due poll; neither a hit nor the loss of the last one.
    peer.resetCounters();
    await poll(routerId, due);
    expect(await hitOf(ruleSetId, "rssh0001")).toMatchObject({ state: "used", packets: 0, lastHitAt: used.lastHitAt });

    // Every poll above wrote at most the router's one record, whatever its rules.
    expect(await h.db.routerHits.count({ where: { routerId } })).toBe(1);
  });

  it("a sweep of several pushed routers keeps one record per router; a failed read records nothing", async () => {
    const a = await pushedRouterOs("ros-sweep-a");
    const b = await pushedRouterOs("ros-sweep-b");
    a.peer.countTraffic(
      "ip/firewall/filter",
      a.peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rweb0001"))![".id"],
      3,
      180,
    );
    await sweep.sweepAll({ concurrency: 4, timeoutMs: 5000 });
    const records = await h.db.routerHits.findMany({ where: { routerId: { in: [a.routerId, b.routerId] } } });
    expect(records.map((r) => r.routerId).sort()).toEqual([a.routerId, b.routerId].sort());
    expect(await hitOf(a.ruleSetId, "rweb0001")).toMatchObject({ reported: 1, packets: 3 });

    // b stops answering: the poll finds it unreachable and its record stays as the last read left it.
    const kept = await h.db.routerHits.findUniqueOrThrow({ where: { routerId: b.routerId } });
    await b.peer.close();
    const obs = await sweep.pollRouter(b.routerId, due);
    expect(obs.state).toBe("down");
    expect(await h.db.routerHits.findUniqueOrThrow({ where: { routerId: b.routerId } })).toEqual(kept);
    expect(await hitOf(b.ruleSetId, "rssh0001")).toMatchObject({ state: "quiet", reported: 1 });
  });
});

describe("OpenWrt", () => {
  it("a due poll records nft's counters; a listing of the kernel's table that failed records nothing", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    await poll(routerId, due);
    expect(await hitOf(ruleSetId, "rssh0001")).toMatchObject({ state: "quiet", reported: 1, packets: 0 });

    peer.countTraffic("!fw4: ssh", 5, 300);
    await poll(routerId, notDue);
    expect(await hitOf(ruleSetId, "rssh0001")).toMatchObject({ packets: 0, lastHitAt: null });
    await poll(routerId, due);
    const used = await hitOf(ruleSetId, "rssh0001");
    expect(used).toMatchObject({ state: "used", packets: 5, bytes: 300 });

    // fw4 reload: every counter starts again at 0, which is not a hit.
    expect(peer.fw4(["reload"]).rc).toBe(0);
    await poll(routerId, due);
    expect(await hitOf(ruleSetId, "rssh0001")).toMatchObject({ state: "used", packets: 0, lastHitAt: used.lastHitAt });

    // `fw4 flush` takes the table out of the kernel: the config still reads, the listing of counters fails. That
    // read says nothing about the rules' counters, so the record keeps what the last full read found.
    const kept = await h.db.routerHits.findUniqueOrThrow({ where: { routerId } });
    expect(peer.fw4(["flush"]).rc).toBe(0);
    await poll(routerId, due);
    expect(await h.db.routerHits.findUniqueOrThrow({ where: { routerId } })).toEqual(kept);
    expect(await hitOf(ruleSetId, "rssh0001")).toMatchObject({ reported: 1, lastHitAt: used.lastHitAt });
  });
});
