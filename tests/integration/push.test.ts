import { describe, expect, it } from "vitest";
import {
  addRouter,
  editByHand,
  firewallOf,
  lockoutRule,
  managedIds,
  newRuleSet,
  routerOsPushHooks,
  saveRevision,
  setupPushDatabase,
  startPeer,
  unmanagedOf,
  unreachableUntilTimerFired,
  v1,
  v2,
  waitFor,
} from "./push-fixture";

setupPushDatabase("push");

const h = routerOsPushHooks("r");
const { routerAtV1, preview, startAndWait, previewAndPush, settled } = h;

/** An admin's push of one previewed router, no override: what the lockout guard refuses. */

/** v2 as the peer should hold it after a good push, computed once from a clean push on its own peer. */
let expectedV2: string[] | null = null;

describe("push", () => {
  it("previews against live state and pushes exactly that: the peer holds the new rules, foreign and dynamic rows untouched and in place", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    expect(managedIds(peer)).toEqual(["rssh0001", "rweb0001"]);
    const unmanagedBefore = unmanagedOf(peer);
    const filterBefore = peer.rows("ip/firewall/filter").map((r) => r.comment);
    await saveRevision(h.users.admin.userId, ruleSetId, v2);

    const p = await preview(routerId, ruleSetId, 2);
    expect(p.plan.counts).toMatchObject({ add: 2, change: 1 });
    const change = p.plan.changes.find((c) => c.kind === "change" && c.ruleId === "rweb0001")!;
    expect(change.fields).toContainEqual({ field: "dst-port", old: "443", new: "8443" });
    expect(p.plan.ops.length).toBeGreaterThan(0);
    expect(p.plan.ops.every((o) => o.wire.length > 0)).toBe(true);
    expect(p.lockout).toMatchObject({ checked: true, blockedBy: null });

    const d = await startAndWait(routerId, ruleSetId, 2, p.id);
    expect(d.status).toBe("done");
    expect(d.steps.map((s) => s.phase)).toEqual(
      expect.arrayContaining(["connect", "check", "arm", "apply", "verify", "confirm"]),
    );

    // Read from the peer: new order and values, nothing else moved, timer gone.
    expect(managedIds(peer)).toEqual(["rdns0001", "rssh0001", "rweb0001"]);
    expect(peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rweb0001"))!["dst-port"]).toBe(
      "8443",
    );
    expect(
      peer
        .rows("ip/firewall/address-list")
        .filter((r) => r.list === "office")
        .map((r) => r.address),
    ).toEqual(["10.1.0.0/16", "10.2.0.0/16"]);
    expect(unmanagedOf(peer)).toEqual(unmanagedBefore);
    const foreignPositions = (rows: (string | undefined)[]) => rows.filter((c) => !c?.startsWith("rampart:"));
    expect(foreignPositions(peer.rows("ip/firewall/filter").map((r) => r.comment))).toEqual(
      foreignPositions(filterBefore),
    );
    expect(peer.rows("system/scheduler")).toEqual([]);
    expect(peer.rows("system/script")).toEqual([]);
    expectedV2 = firewallOf(peer);

    const status = await h.db.routerStatus.findUnique({ where: { routerId } });
    expect(status?.lastPushedRevisionId).toBe(
      d.plan && (await h.db.ruleSetRevision.findFirst({ where: { ruleSetId, number: 2 } }))!.id,
    );
    expect(await h.db.auditEvent.count({ where: { action: "push.done", targetId: routerId } })).toBe(2);

    // A second preview sees nothing to do.
    expect((await preview(routerId, ruleSetId, 2)).inSync).toBe(true);
  });

  it("refuses when the router changed since the preview, and a fresh preview then pushes", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    const p = await preview(routerId, ruleSetId, 2);
    await editByHand(peer, ["/ip/firewall/filter/add", "=chain=forward", "=action=accept", "=comment=added by hand"]);
    const handEdited = firewallOf(peer);

    const d = await startAndWait(routerId, ruleSetId, 2, p.id);
    expect(d.status).toBe("refused");
    expect(d.error).toMatch(/the router changed since the preview/);
    expect(firewallOf(peer)).toEqual(handEdited);

    const fresh = await previewAndPush(routerId, ruleSetId, 2);
    expect(fresh.status).toBe("done");
    expect(managedIds(peer)).toEqual(["rdns0001", "rssh0001", "rweb0001"]);
    expect(peer.rows("ip/firewall/filter").some((r) => r.comment === "added by hand")).toBe(true);
  });

  it("lockout guard: refuses a rule that drops Rampart's own connection, naming it; only an admin override pushes it, recorded", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [lockoutRule(peer), ...v1.rules] });
    const p = await preview(routerId, ruleSetId, 2);
    expect(p.lockout.blockedBy).toMatchObject({ ruleId: "rlock0001", ruleIndex: 0, action: "drop" });
    const before = firewallOf(peer);

    const refused = await h.startPreviewed(routerId, ruleSetId, 2, p.id);
    expect(refused).toMatchObject({ ok: false, code: "validation_failed" });
    expect(!refused.ok && refused.message).toMatch(
      /Rampart.s rule #1 \(oops\) would drop Rampart.s own connection from 127\.0\.0\.1/,
    );

    const notAdmin = await h.startPreviewed(
      routerId,
      ruleSetId,
      2,
      p.id,
      { override: { lockout: true } },
      h.users.operator,
    );
    expect(notAdmin).toMatchObject({ ok: false, code: "forbidden" });
    expect(firewallOf(peer)).toEqual(before);

    const d = await startAndWait(routerId, ruleSetId, 2, p.id, {
      override: { lockout: true, noTimer: false, staged: false },
    });
    expect(d.status).toBe("done");
    expect(d.overrides).toEqual([expect.objectContaining({ kind: "lockout", by: "alice" })]);
    expect(d.steps.some((s) => s.level === "warn" && /overridden by alice/.test(s.message))).toBe(true);
    expect(managedIds(peer)).toEqual(["rlock0001", "rssh0001", "rweb0001"]);
  });
});

describe("lockout guard and NAT", () => {
  it("a port forward that would take Rampart's own connection to an inside host refuses the push like a drop", async () => {
    const { makeNatRule } = await import("@/lib/rules/make-nat-rule");
    const { peer, routerId, ruleSetId } = await routerAtV1();
    const forward = (id: string, port: number) =>
      makeNatRule(
        {
          comment: `port ${port} inside`,
          protocol: "tcp",
          dst: { kind: "addresses", values: ["127.0.0.1"], negate: false },
          dstPorts: [{ from: port, to: port }],
          toAddress: "192.168.88.10",
        },
        () => id,
      );
    // A forward of another port leaves the management path alone.
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, nat: [forward("rnatweb01", 8080)] });
    expect((await preview(routerId, ruleSetId, 2)).lockout).toMatchObject({ checked: true, blockedBy: null });
    // One of the router's API port is met before any filter rule: the connection would go to 192.168.88.10.
    await saveRevision(h.users.admin.userId, ruleSetId, {
      ...v1,
      nat: [forward("rnatweb01", 8080), forward("rnatapi01", peer.port)],
    });
    const p = await preview(routerId, ruleSetId, 3);
    expect(p.lockout.blockedBy).toMatchObject({ ruleId: "rnatapi01", ruleIndex: 1, action: "redirect" });
    const before = firewallOf(peer);
    const refused = await h.startPreviewed(routerId, ruleSetId, 3, p.id);
    expect(refused).toMatchObject({ ok: false, code: "validation_failed" });
    expect(!refused.ok && refused.message).toContain(
      `NAT rule #2 (port ${peer.port} inside), a port forward to 192.168.88.10:${peer.port}, would redirect Rampart's own connection from 127.0.0.1 to 127.0.0.1 port ${peer.port}`,
    );
    expect(firewallOf(peer)).toEqual(before);
    expect(peer.rows("ip/firewall/nat")).toEqual([]);
  });
});

describe("lockout guard and the router's own NAT rows", () => {
  // Reaching the API through a port the router redirects to its own service is common. The filter then sees the
  // service's port, not the one Rampart dialled: the guard used to check the dialled port, so a drop of the real
  // one passed and the push locked Rampart out.
  it("a router's own redirect of the dialled port: the filter is checked for the port it redirects to", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    await editByHand(peer, [
      "/ip/firewall/nat/add",
      "=chain=dstnat",
      "=protocol=tcp",
      `=dst-port=${peer.port}`,
      "=action=redirect",
      "=to-ports=8728",
      "=comment=api on another port",
    ]);
    const dropApi = { ...lockoutRule(peer), dstPorts: [{ from: 8728, to: 8728 }], comment: "no api" };
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [dropApi, ...v1.rules] });
    const p = await preview(routerId, ruleSetId, 2);
    expect(p.lockout.blockedBy).toMatchObject({ ruleId: "rlock0001", action: "drop" });
    expect(p.lockout.warnings).toContain(
      "the router's own rule #1 of dstnat (api on another port) redirects Rampart's connection to port 8728 of the router: the filter is checked for that port",
    );
    // A drop of the dialled port itself no longer meets the connection: the redirect took it to 8728 first.
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [lockoutRule(peer), ...v1.rules] });
    const after = (await preview(routerId, ruleSetId, 3)).lockout;
    expect(after.blockedBy).toBeNull();
    // (the defconf's "drop all not coming from LAN" stays undecided: which interface the packet uses is unknown)
    expect(after.undecided.map((u) => u.name)).toEqual([
      expect.stringMatching(/^the router's own rule #\d+ of ipv4 input \(defconf/),
    ]);
  });

  it("a router's own forward of the dialled port to an inside host refuses the push, named by its place", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    await editByHand(peer, [
      "/ip/firewall/nat/add",
      "=chain=dstnat",
      "=protocol=tcp",
      "=dst-port=8080",
      "=action=dst-nat",
      "=to-addresses=192.168.88.20",
      "=comment=web inside",
    ]);
    await editByHand(peer, [
      "/ip/firewall/nat/add",
      "=chain=dstnat",
      "=protocol=tcp",
      `=dst-port=${peer.port}`,
      "=action=dst-nat",
      "=to-addresses=192.168.88.10",
      "=comment=camera",
    ]);
    const p = await preview(routerId, ruleSetId, 1);
    expect(p.lockout.blockedBy).toMatchObject({
      ruleId: null,
      origin: "router",
      action: "redirect",
      name: `the router's own rule #2 of dstnat (camera), a port forward to 192.168.88.10:${peer.port},`,
    });
  });
});

describe("faults: the router ends exactly in the old or exactly in the new state", () => {
  it("connection drops mid-apply: rolled back at once over a new connection to exactly the old state", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    const old = firewallOf(peer);
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    h.queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase === "apply") peer.faults.dropAfterSentences = 1; // the next reply on the push connection is its last
        if (phase === "rollback") peer.faults.dropAfterSentences = null;
      },
    });
    const d = await previewAndPush(routerId, ruleSetId, 2);
    expect(d.status).toBe("rolled-back");
    expect(d.error).toBeTruthy();
    expect(d.rollbackOutcome).toMatch(/^rolled back: .*matches the state before the push/);
    expect(firewallOf(peer)).toEqual(old);
    expect(peer.rows("system/scheduler")).toEqual([]);
  });

  it("!fatal mid-apply and the router unreachable until its timer fired: the retried rollback reads that the timer restored exactly the old state", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    const old = firewallOf(peer);
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    const fault = unreachableUntilTimerFired(peer, 1, () => firewallOf(peer));
    h.queue.setPushHooks(fault.hooks);
    const d = await previewAndPush(routerId, ruleSetId, 2);
    expect(fault.halfApplied).not.toEqual(old); // part of the push landed before the connection died
    expect(fault.attempts).toBe(2);
    expect(d.status).toBe("rolled-back");
    expect(d.rollbackOutcome).toMatch(
      /^rolled back: the router's own revert timer had already restored the previous firewall, and a read-back over a new connection confirms it matches the state before the push/,
    );
    expect(firewallOf(peer)).toEqual(old);
    expect(peer.rows("system/scheduler")).toEqual([]);
    expect(peer.rows("system/script")).toEqual([]);
  });

  it("the router refuses an item mid-apply: rolled back, old rules exactly, the refusing router's text kept", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    const injected = '"address":"10.2.0.0/16"';
    h.queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase !== "apply") return;
        // Someone adds the same entry by hand between the check and the write: the router refuses the duplicate.
        await editByHand(peer, [
          "/ip/firewall/address-list/add",
          "=list=office",
          "=address=10.2.0.0/16",
          "=comment=by hand",
        ]);
      },
    });
    const old = firewallOf(peer);
    const d = await previewAndPush(routerId, ruleSetId, 2);
    expect(d.status).toBe("rolled-back");
    expect(d.routerError).toMatch(/already have/);
    expect(firewallOf(peer).filter((r) => !r.includes(injected))).toEqual(old);
  });

  it("read-back differs from the plan: rolled back to exactly the old state", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    const old = firewallOf(peer);
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    h.queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase === "verify")
          peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rweb0001"))!["dst-port"] = "9999";
      },
    });
    const d = await previewAndPush(routerId, ruleSetId, 2);
    expect(d.status).toBe("rolled-back");
    expect(d.error).toMatch(/read-back over a new connection differs from the plan/);
    expect(firewallOf(peer)).toEqual(old);
  });
});

describe("fleet push", () => {
  it("canary first, waits, then continues; stop-on-failure skips the rest", async () => {
    const routers = [];
    const ruleSetId = await newRuleSet(h.users.admin.userId, "fleet", v1);
    for (let i = 0; i < 4; i++) {
      const peer = await startPeer();
      h.peers.push(peer);
      const id = await addRouter(`fleet-${i}`, peer);
      await h.push.assignRuleSet(h.users.admin.actor, id, ruleSetId);
      routers.push({ id, peer });
    }
    const previews = await Promise.all(routers.map((r) => preview(r.id, ruleSetId, 1)));
    const started = await h.push.startPush(
      h.users.operator,
      ruleSetId,
      h.push.pushRequestSchema.parse({ routers: "all", previewIds: previews.map((p) => p.id), canary: 1 }),
    );
    if (!started.ok) throw new Error(started.message);
    await settled(started.batchId);
    let batch = (await h.push.getBatch(started.batchId))!;
    expect(batch.state).toBe("canary-wait");
    expect(batch.deployments.map((d) => d.status)).toEqual(["done", "queued", "queued", "queued"]);
    expect(managedIds(routers[0].peer)).toEqual(["rssh0001", "rweb0001"]);
    expect(managedIds(routers[1].peer)).toEqual([]);

    expect((await h.push.continueBatch(h.users.operator.actor, started.batchId)).ok).toBe(true);
    await settled(started.batchId);
    batch = (await h.push.getBatch(started.batchId))!;
    expect(batch.state).toBe("done");
    expect(batch.deployments.every((d) => d.status === "done")).toBe(true);
    for (const r of routers) expect(managedIds(r.peer)).toEqual(["rssh0001", "rweb0001"]);

    // Stop on first failure: the first router refuses (changed since preview), the others are skipped.
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    const again = await Promise.all(routers.map((r) => preview(r.id, ruleSetId, 2)));
    await editByHand(routers[0].peer, [
      "/ip/firewall/filter/add",
      "=chain=forward",
      "=action=accept",
      "=comment=by hand",
    ]);
    process.env.RAMPART_PUSH_CONCURRENCY = "1";
    const second = await h.push.startPush(
      h.users.operator,
      ruleSetId,
      h.push.pushRequestSchema.parse({ revision: 2, previewIds: again.map((p) => p.id), stopOnFailure: true }),
    );
    if (!second.ok) throw new Error(second.message);
    await settled(second.batchId);
    process.env.RAMPART_PUSH_CONCURRENCY = "4";
    batch = (await h.push.getBatch(second.batchId))!;
    expect(batch.state).toBe("stopped");
    expect(batch.deployments.map((d) => d.status)).toEqual(["refused", "skipped", "skipped", "skipped"]);
    for (const r of routers.slice(1)) expect(managedIds(r.peer)).toEqual(["rssh0001", "rweb0001"]);
  });
});

describe("Rampart dies mid-push (last: its push never finishes in this process)", () => {
  it("Rampart killed after apply: nothing confirms, the peer's clock passes the window, the timer restores exactly the old state; a restart marks the push interrupted", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    const old = firewallOf(peer);
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    h.queue.setPushHooks({
      beforePhase: (phase) => (phase === "verify" ? new Promise<void>(() => {}) : Promise.resolve()),
    });
    const p = await preview(routerId, ruleSetId, 2);
    const r = await h.startPreviewed(routerId, ruleSetId, 2, p.id);
    if (!r.ok) throw new Error(r.message);
    await waitFor(
      () => h.db.deployment.findUnique({ where: { id: r.deploymentIds[0] } }),
      (x) => x?.status === "verifying" || false,
    );
    if (expectedV2) expect(firewallOf(peer)).toEqual(expectedV2);
    expect(managedIds(peer)).toEqual(["rdns0001", "rssh0001", "rweb0001"]);
    expect(peer.rows("system/scheduler")).toHaveLength(1);

    peer.advanceClock(59_000);
    expect(managedIds(peer)).toEqual(["rdns0001", "rssh0001", "rweb0001"]);
    peer.advanceClock(2_000);
    await waitFor(
      async () => firewallOf(peer),
      (f) => JSON.stringify(f) === JSON.stringify(old),
    );

    expect(await h.push.recoverInterruptedPushes({ force: true })).toBe(1);
    const d = (await h.push.getDeployment(r.deploymentIds[0]))!;
    // Recovery read the router: the timer has run and the last confirmed push's rules are back.
    expect(d.status).toBe("rolled-back");
    expect(d.error).toMatch(/Rampart restarted during this push/);
    expect(d.rollbackOutcome).toMatch(
      /^rolled back by the router's revert timer: on restart Rampart read the router over a new connection: it holds exactly the rules of the last confirmed push, as before this push, and no revert timer of this push is pending$/,
    );
  });
});
