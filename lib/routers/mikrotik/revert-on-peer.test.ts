import { describe, expect, it } from "vitest";
import { content, rule } from "@/tests/support/rule-fixtures";
import { DriverError } from "../driver";
import { mikrotikPlanner } from "./planner";
import {
  peerKitsPerTest,
  REVERT_SEED,
  compileOk,
  sampleContent,
  sampleSecondPush,
  sleep,
} from "@/tests/support/mikrotik-peer-kit";

/**
 * The revert paths against the RouterOS peer, whose scheduler parses and runs the script armRevert uploads:
 * the timer restores `before` when nobody confirms (Rampart gone, connection lost, push half-applied or refused),
 * disarm keeps the push, and restorePlan over a new connection gets back to exactly the old state.
 * "Exactly" = every row of the four firewall menus, in order, all properties except ids, counters and timestamps.
 */
const startKit = peerKitsPerTest();

/** A router that already carries a first push (so `before` has managed rules to bring back). */
async function routerWithFirstPush(version = "7.18.2 (stable)") {
  const kit = await startKit({ version, seed: REVERT_SEED });
  await kit.push(sampleContent());
  return kit;
}

describe("revert timer on the peer", () => {
  it.each(["7.18.2 (stable)", "7.9.1 (stable)", "6.49.19 (long-term)"])(
    "no confirmation (%s): the timer puts every row back as before, then removes itself",
    async (version) => {
      const k = await routerWithFirstPush(version);
      const expected = k.firewall();
      const s = await k.connect();
      const before = await s.readFirewall();
      await s.armRevert!(before, { pushId: "p1", seconds: 60 });
      expect(k.peer.rows("system/scheduler")).toHaveLength(1);
      const sched = k.peer.rows("system/scheduler")[0];
      expect(sched).toMatchObject({ name: "rampart-revert-p1", "on-event": "rampart-revert-p1", interval: "0s" });
      expect(sched["start-date"]).toMatch(
        version.startsWith("7.18") ? /^\d{4}-\d{2}-\d{2}$/ : /^[a-z]{3}\/\d{2}\/\d{4}$/,
      );
      await k.push(sampleSecondPush(), s);
      expect(k.firewall()).not.toEqual(expected);
      // Rampart dies: nothing confirms.
      await s.close();
      k.peer.advanceClock(59_900);
      await sleep(30);
      expect(k.firewall()).not.toEqual(expected);
      k.peer.advanceClock(1_200);
      await sleep(50);
      expect(k.peer.state.log.filter((l) => l.topic === "script,error" || l.topic === "script,warning")).toEqual([]);
      expect(k.firewall()).toEqual(expected);
      expect(k.peer.rows("system/scheduler")).toEqual([]);
      expect(k.peer.rows("system/script")).toEqual([]);
    },
  );

  it("disarmed in time: the push stays, scheduler and script are gone, nothing runs later", async () => {
    const k = await routerWithFirstPush();
    const s = await k.connect();
    const before = await s.readFirewall();
    await s.armRevert!(before, { pushId: "p2", seconds: 60 });
    const { desired } = await k.push(sampleSecondPush(), s);
    const pushed = k.firewall();
    const s2 = await k.connect(); // verification runs over a new connection
    expect(mikrotikPlanner.compare(await s2.readFirewall(), desired)).toEqual([]);
    await s2.disarmRevert!("p2");
    expect(k.peer.rows("system/scheduler")).toEqual([]);
    expect(k.peer.rows("system/script")).toEqual([]);
    k.peer.advanceClock(120_000);
    await sleep(50);
    expect(k.firewall()).toEqual(pushed);
  });

  it("disarm after the timer fired reports that the push was rolled back", async () => {
    const k = await routerWithFirstPush();
    const s = await k.connect();
    await s.armRevert!(await s.readFirewall(), { pushId: "p3", seconds: 5 });
    k.peer.advanceClock(6_100);
    await sleep(50);
    const e = await s.disarmRevert!("p3").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DriverError);
    expect((e as DriverError).message).toMatch(/rolled back/);
  });

  it("revertPending reads one push's timer from the router: false before arming, true while armed, false once disarmed or fired", async () => {
    const k = await routerWithFirstPush();
    const s = await k.connect();
    const before = await s.readFirewall();
    /** revertPending for pushId, checked against what listReverts says of the same push. */
    const pending = async (pushId: string) => {
      const one = await s.revertPending(pushId);
      expect((await s.listReverts()).find((r) => r.pushId === pushId)?.pending ?? false, pushId).toBe(one);
      return one;
    };
    expect(await pending("p8")).toBe(false);
    await s.armRevert(before, { pushId: "p8", seconds: 60 });
    await s.armRevert(before, { pushId: "p9", seconds: 5 });
    expect([await pending("p8"), await pending("p9")]).toEqual([true, true]);
    await s.disarmRevert("p8");
    expect(await pending("p8")).toBe(false);
    k.peer.advanceClock(6_100);
    await sleep(50);
    // p9's timer ran its restore (and removed itself): nothing of it is pending any more.
    expect(k.peer.rows("system/scheduler")).toEqual([]);
    expect(await pending("p9")).toBe(false);
  });

  it("arming twice for one push replaces the first timer", async () => {
    const k = await routerWithFirstPush();
    const s = await k.connect();
    const before = await s.readFirewall();
    await s.armRevert!(before, { pushId: "p4", seconds: 60, listed: await s.listReverts() });
    await s.armRevert!(before, { pushId: "p4", seconds: 60 });
    expect(k.peer.rows("system/scheduler")).toHaveLength(1);
    expect(k.peer.rows("system/script")).toHaveLength(1);
    // A listing that names this push's timer: it is replaced too.
    await s.armRevert!(before, { pushId: "p4", seconds: 60, listed: await s.listReverts() });
    expect(k.peer.rows("system/scheduler")).toHaveLength(1);
    expect(k.peer.rows("system/script")).toHaveLength(1);
  });

  it("comments with quotes, $ and windows-1252 text survive the script round trip", async () => {
    const kit = await startKit({ seed: REVERT_SEED });
    const c = content([rule({ id: "rquote001", family: "ipv4", comment: 'say "hi" to $HOME? \\ ok – café' })]);
    await kit.push(c);
    const expected = kit.firewall();
    const s = await kit.connect();
    await s.armRevert!(await s.readFirewall(), { pushId: "p5", seconds: 10 });
    await kit.push(content([]), s);
    kit.peer.advanceClock(11_100);
    await sleep(50);
    expect(kit.firewall()).toEqual(expected);
  });
});

describe("faults during apply", () => {
  it("connection dropped after N sentences: restorePlan over a new connection restores before exactly", async () => {
    const k = await routerWithFirstPush();
    const expected = k.firewall();
    const s = await k.connect();
    const before = await s.readFirewall();
    const plan = mikrotikPlanner.plan(before, compileOk(sampleSecondPush()));
    expect(plan.ops.length).toBeGreaterThan(8);
    // A fresh connection for the apply: its login's !done is reply sentence 1, so the 5th op is the last answered.
    k.peer.faults.dropAfterSentences = 1 + 5;
    const applying = await k.connect();
    const e = await applying.apply(plan.ops).catch((x: unknown) => x);
    expect((e as DriverError).opIndex).toBe(5);
    expect(e).toBeInstanceOf(DriverError);
    expect((e as DriverError).kind).toBe("closed");
    expect(k.firewall()).not.toEqual(expected); // half-applied
    k.peer.faults.dropAfterSentences = null;
    const s2 = await k.connect();
    const restore = mikrotikPlanner.restorePlan(await s2.readFirewall(), before);
    await s2.apply(restore.ops);
    expect(k.firewall()).toEqual(expected);
    expect(mikrotikPlanner.restorePlan(await s2.readFirewall(), before).ops).toEqual([]);
  });

  it("connection dropped mid-apply and Rampart never comes back: the timer restores before", async () => {
    const k = await routerWithFirstPush();
    const expected = k.firewall();
    const s = await k.connect();
    const before = await s.readFirewall();
    await s.armRevert!(before, { pushId: "p6", seconds: 60 });
    const plan = mikrotikPlanner.plan(before, compileOk(sampleSecondPush()));
    k.peer.faults.dropAfterSentences = 1 + 5;
    const applying = await k.connect();
    await expect(applying.apply(plan.ops)).rejects.toMatchObject({ kind: "closed", opIndex: 5 });
    k.peer.faults.dropAfterSentences = null;
    expect(k.firewall()).not.toEqual(expected);
    k.peer.advanceClock(61_100);
    await sleep(50);
    expect(k.firewall()).toEqual(expected);
  });

  it("the router refuses an item mid-batch (someone added the same entry by hand): restorePlan or the timer restores before; the foreign entry stays", async () => {
    for (const via of ["restorePlan", "timer"] as const) {
      const k = await routerWithFirstPush();
      const s = await k.connect();
      const before = await s.readFirewall();
      if (via === "timer") await s.armRevert!(before, { pushId: "p7", seconds: 60 });
      const plan = mikrotikPlanner.plan(before, compileOk(sampleSecondPush()));
      // Between preview and push an admin adds the very entry the push will add.
      const other = await k.connect();
      await other.apply([
        {
          label: "by hand",
          wire: ["/ip/firewall/address-list/add", "=list=office", "=address=198.51.100.0/24", "=comment=typed by hand"],
        },
      ]);
      const expected = k.firewall();
      const e = (await s.apply(plan.ops).catch((x: unknown) => x)) as DriverError;
      expect(e.kind).toBe("router-error");
      expect(e.routerMessage).toMatch(/^failure: already have such/);
      expect(e.opIndex).toBe(0);
      // Ops behind the refused one were already in flight (pipelined) and ran: the router is half-pushed.
      expect(k.firewall()).not.toEqual(expected);
      if (via === "restorePlan") {
        const s2 = await k.connect();
        await s2.apply(mikrotikPlanner.restorePlan(await s2.readFirewall(), before).ops);
      } else {
        k.peer.advanceClock(61_100);
        await sleep(50);
      }
      expect(k.firewall()).toEqual(expected);
      await k.close();
    }
  });
});
