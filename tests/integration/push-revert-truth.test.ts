// #17.1 / #17.6 on RouterOS: no revert timer outlives its push unaccounted for. Each test breaks one step of
// the timer's life (its add's reply lost, its removal failing, the router gone until past its deadline), then
// pushes again and moves the peer's clock past every timer: the router must still hold what the last
// deployment recorded as done, and no Rampart timer or script may be left. State is read from the peer.
import { describe, expect, it } from "vitest";
import type { RouterOsPeer } from "../peers/routeros";
import { routerOsAdminTarget } from "../support/routeros-admin-target";
import {
  firewallOf,
  managedIds,
  routerOsPushHooks,
  saveRevision,
  setupPushDatabase,
  v2,
  waitFor,
} from "./push-fixture";

setupPushDatabase("push-revert-truth");

const h = routerOsPushHooks("t");
const routerAtV1 = h.routerWithV2Saved;
const pushRevision = (routerId: string, ruleSetId: string, revision: number, revertSeconds = 60) =>
  h.previewAndPush(routerId, ruleSetId, revision, { revertSeconds });

const rampartTimers = (peer: RouterOsPeer) =>
  [...peer.rows("system/scheduler"), ...peer.rows("system/script")]
    .filter((r) => r.name?.startsWith("rampart-revert-"))
    .map((r) => r.name);

/** The end of every test: v2 pushed and confirmed, the clock past every timer, v2 still there, nothing left. */
async function expectV2Stays(peer: RouterOsPeer, routerId: string, ruleSetId: string) {
  const d = await pushRevision(routerId, ruleSetId, 2);
  expect(d.status, d.error ?? "").toBe("done");
  const pushed = firewallOf(peer);
  expect(managedIds(peer)).toEqual(["rdns0001", "rssh0001", "rweb0001"]);
  peer.advanceClock(10 * 60_000);
  await new Promise((r) => setTimeout(r, 100));
  expect(firewallOf(peer)).toEqual(pushed);
  expect(rampartTimers(peer)).toEqual([]);
  return d;
}

describe("a revert timer never outlives its push unaccounted for", () => {
  it("the reply to the timer's add is lost: Rampart reconnects, removes the timer it cannot see, and only then says nothing was changed", async () => {
    const { peer, routerId, ruleSetId, old } = await routerAtV1();
    peer.faults.dropAt = { command: "/system/scheduler/add", when: "after", times: 1 };
    const d = await pushRevision(routerId, ruleSetId, 2);
    expect(d.status).toBe("failed");
    expect(d.error).toMatch(
      /nothing was changed: read back over a new connection, the firewall is exactly as before; this push's revert timer and script are removed \(read back: none left\)/,
    );
    expect(firewallOf(peer)).toEqual(old);
    expect(rampartTimers(peer)).toEqual([]);
    await expectV2Stays(peer, routerId, ruleSetId);
  });

  it("the reply is lost and the router stays unreachable until past the window: recorded as unknown, never 'nothing was changed'", async () => {
    const { peer, routerId, ruleSetId, old } = await routerAtV1();
    peer.faults.dropAt = { command: "/system/scheduler/add", when: "after", times: 1 };
    h.queue.setPushHooks({
      beforePhase: async (phase) => void (phase === "rollback" && (peer.faults.closeAtLogin = "rst")),
    });
    const dead = await pushRevision(routerId, ruleSetId, 2, 15);
    expect(dead.status).toBe("failed-unknown");
    expect(dead.error).toMatch(
      /unknown: the router could not be read after the failed arm .*this push's revert timer may be armed on the router/,
    );
    expect(dead.error).not.toMatch(/nothing was changed/);
    h.queue.setPushHooks({});
    peer.faults.closeAtLogin = null;
    // Real time passed the window: the timer ran on the router and put back what it read, i.e. what is there.
    expect(firewallOf(peer)).toEqual(old);
    await expectV2Stays(peer, routerId, ruleSetId);
  }, 60_000);

  it("another push's timer and a lone restore script are on the router: the next push removes both before arming its own, says so, and notes it on the dead push", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    // What a push that died where nothing could look afterwards leaves: its timer (restoring v1) and, from an
    // arm that failed between its two writes, a restore script without a timer.
    const [dead] = await h.db.deployment.findMany({ where: { routerId }, orderBy: { createdAt: "asc" }, take: 1 });
    const { mikrotikDriver } = await import("@/lib/routers/mikrotik");
    const s = await mikrotikDriver.connect(routerOsAdminTarget(peer));
    await s.armRevert!(await s.readFirewall(), { pushId: dead.id, seconds: 60 });
    await s.apply([
      { label: "lone script", wire: ["/system/script/add", "=name=rampart-revert-lone0001", "=source=:log info lone"] },
    ]);
    await s.close();
    expect(rampartTimers(peer)).toHaveLength(3);

    const d = await expectV2Stays(peer, routerId, ruleSetId);
    const warns = d.steps.filter((x) => x.level === "warn").map((x) => x.message);
    expect(warns).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^found a pending revert timer \\(it would have fired at .*\\) and its restore script of push ${dead.id} on the router and removed it`,
        ),
      ),
    );
    expect(warns).toContainEqual(
      expect.stringMatching(
        /^found a restore script without a timer \(nothing would have run it\) of push lone0001 on the router and removed it/,
      ),
    );
    const noted = (await h.push.getDeployment(dead.id))!;
    expect(noted.steps.at(-1)!.message).toMatch(
      new RegExp(`^push ${d.id} found a pending revert timer .* of this push on the router and removed it`),
    );
  });

  it("rollback succeeds but removing the timer fails once: retried until it is gone, so a later push is not undone", async () => {
    const { peer, routerId, ruleSetId, old } = await routerAtV1();
    let attempts = 0;
    h.queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase === "verify")
          peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rweb0001"))!["dst-port"] = "9999";
        if (phase === "rollback" && ++attempts === 1)
          peer.faults.dropAt = { command: "/system/scheduler/remove", when: "before", times: 1 };
      },
    });
    const d = await pushRevision(routerId, ruleSetId, 2);
    expect(attempts).toBe(2);
    expect(d.status).toBe("rolled-back");
    expect(d.rollbackOutcome).toMatch(
      /^rolled back: the router already held the previous firewall \(an earlier attempt had restored it\), .* this push's revert timer and script are removed \(read back: none left\)$/,
    );
    expect(firewallOf(peer)).toEqual(old);
    expect(rampartTimers(peer)).toEqual([]);
    h.queue.setPushHooks({});
    await expectV2Stays(peer, routerId, ruleSetId);
  });

  it("verified, but the confirm's reply is lost: a new connection reads the new rules still there and no timer left, so the push is done, not rolled back", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    h.queue.setPushHooks({
      beforePhase: async (phase) =>
        void (
          phase === "confirm" && (peer.faults.dropAt = { command: "/system/scheduler/remove", when: "after", times: 1 })
        ),
    });
    const d = await pushRevision(routerId, ruleSetId, 2);
    expect(d.status).toBe("done");
    expect(d.rollbackOutcome).toMatch(
      /^confirmed on a later attempt: a read-back over a new connection still shows exactly the new rules; this push's revert timer and script are removed \(read back: none left\)$/,
    );
    expect(rampartTimers(peer)).toEqual([]);
    const pushed = firewallOf(peer);
    peer.advanceClock(10 * 60_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(firewallOf(peer)).toEqual(pushed);
    expect(managedIds(peer)).toEqual(["rdns0001", "rssh0001", "rweb0001"]);
  });

  it("the router is unreachable from mid-apply until past the timer's deadline: recorded as unknown (not 'rolled back'); the timer restores the old state", async () => {
    const { peer, routerId, ruleSetId, old } = await routerAtV1();
    h.queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase === "apply") peer.faults.fatalAfterCommands = 1;
        if (phase === "rollback") peer.faults.closeAtLogin = "rst";
      },
    });
    const started = Date.now();
    const d = await pushRevision(routerId, ruleSetId, 2, 15);
    expect(Date.now() - started).toBeGreaterThan(15_000); // retried until the deadline
    expect(d.status).toBe("failed-unknown");
    expect(d.rollbackOutcome).toMatch(
      /^unknown: the router could not be rolled back or read \(\d+ attempts until .*\); this push's revert timer was armed/,
    );
    h.queue.setPushHooks({});
    peer.faults.closeAtLogin = null;
    peer.faults.fatalAfterCommands = null;
    peer.advanceClock(16_000);
    await waitFor(
      async () => firewallOf(peer),
      (f) => JSON.stringify(f) === JSON.stringify(old),
    );
    expect(rampartTimers(peer)).toEqual([]);
    await expectV2Stays(peer, routerId, ruleSetId);
  }, 60_000);
});

describe("the preview lists every write the push sends", () => {
  it("timer, script (with its whole source), the plan's ops and the timer's removal: the peer received exactly those writes, in that order", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    const p = await h.push.previewPush(h.users.admin.actor, routerId, ruleSetId, 2);
    if (!p.ok) throw new Error(p.refusal.message);
    const tw = p.preview.plan.timerWrites!;
    expect(tw.arm.map((o) => o.wire[0])).toEqual(["/system/script/add", "/system/scheduler/add"]);
    expect(tw.confirm.map((o) => o.wire[0])).toEqual(["/system/scheduler/remove", "/system/script/remove"]);
    // Proportional: the script names the rules this push touches, not the ones it leaves alone.
    const source = tw.arm[0].wire.find((w) => w.startsWith("=source="))!;
    expect(source).toContain("rampart:rweb0001");
    expect(source).not.toContain("rssh0001");

    const from = peer.state.commands.length;
    const r = await h.startPreviewed(routerId, ruleSetId, 2, p.preview.id, { revertSeconds: 60 });
    if (!r.ok) throw new Error(r.message);
    await waitFor(
      () => h.push.getBatch(r.batchId),
      (b) => !!b && b.state !== "running",
      60_000,
    );
    expect((await h.push.getDeployment(r.deploymentIds[0]))!.status).toBe("done");
    const id = r.deploymentIds[0];
    const writes = peer.state.commands.slice(from).filter((w) => !/\/(print|getall)$/.test(w[0]));
    const shown = [...tw.arm, ...p.preview.plan.ops, ...tw.confirm].map((o) =>
      o.wire.map((w) => w.replaceAll("PUSH-ID", id)),
    );
    expect(writes.map((w) => w[0])).toEqual(shown.map((w) => w[0]));
    // Word for word, but for what only the push can know (the router's clock, the ids it gave the timer) and the client's tags.
    const known = (ws: string[]) =>
      ws.filter((w) => !/^=(start-date|start-time|\.id)=/.test(w) && !w.startsWith(".tag="));
    expect(writes.map(known)).toEqual(shown.map(known));
  });
});

describe("Rampart killed mid-push, then restarted", () => {
  /** Pushes revision 2 and holds it before its read-back, as a process about to die would leave it. */
  async function pushHungBeforeVerify(routerId: string, ruleSetId: string): Promise<string> {
    h.queue.setPushHooks({
      beforePhase: (phase) => (phase === "verify" ? new Promise<void>(() => {}) : Promise.resolve()),
    });
    const p = await h.push.previewPush(h.users.admin.actor, routerId, ruleSetId, 2);
    if (!p.ok) throw new Error(p.refusal.message);
    const r = await h.startPreviewed(routerId, ruleSetId, 2, p.preview.id);
    if (!r.ok) throw new Error(r.message);
    const id = r.deploymentIds[0];
    await waitFor(
      () => h.db.deployment.findUnique({ where: { id } }),
      (x) => x?.status === "verifying",
    );
    return id;
  }

  it("killed after apply; on restart the timer is still pending: recorded with its time, not 'push again' alone; the next push removes it and is not undone", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    const id = await pushHungBeforeVerify(routerId, ruleSetId);
    // The process is gone: its queue and its hung push with it.
    h.queue.forgetRunning();
    h.queue.setPushHooks({});

    expect(await h.push.recoverInterruptedPushes({ force: true })).toBe(1);
    const dead = (await h.push.getDeployment(id))!;
    expect(dead.status).toBe("failed-unknown");
    expect(dead.error).toMatch(
      /^Rampart restarted during this push, so it never finished; on restart Rampart read the router over a new connection: it holds exactly this push's rules, and this push's revert timer is pending \(fires at \S+ \S+, router time\): the router restores the firewall from before this push then/,
    );
    expect(rampartTimers(peer)).toEqual([`rampart-revert-${id}`, `rampart-revert-${id}`]);

    // A third revision pushed now, inside the dead push's window: it must stand after every timer's time.
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v2, rules: v2.rules.slice(1) });
    const d = await pushRevision(routerId, ruleSetId, 3);
    expect(d.status, d.error ?? "").toBe("done");
    expect(
      d.steps.some(
        (s) =>
          s.level === "warn" &&
          s.message.startsWith(`found a pending revert timer`) &&
          s.message.includes(`of push ${id}`),
      ),
    ).toBe(true);
    const pushed = firewallOf(peer);
    expect(managedIds(peer)).toEqual(["rssh0001", "rweb0001"]);
    peer.advanceClock(10 * 60_000);
    await new Promise((res) => setTimeout(res, 100));
    expect(firewallOf(peer)).toEqual(pushed);
    expect(rampartTimers(peer)).toEqual([]);
  });

  it("killed after apply, the router unreachable at restart: recorded as unknown with why, never as 'nothing was changed'", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    const id = await pushHungBeforeVerify(routerId, ruleSetId);
    h.queue.forgetRunning();
    h.queue.setPushHooks({});
    peer.faults.closeAtLogin = "rst";
    expect(await h.push.recoverInterruptedPushes({ force: true })).toBe(1);
    const dead = (await h.push.getDeployment(id))!;
    expect(dead.status).toBe("failed-unknown");
    expect(dead.error).toMatch(
      /on restart the router could not be read \(.*\), so whether this push's revert timer is still pending is unknown/,
    );
    peer.faults.closeAtLogin = null;
    await expectV2Stays(peer, routerId, ruleSetId);
  });
});
