// The OpenWrt fault suite (#17): a v1 → v2 push through lib/push against the stand-in (real sshd, uci/fw4/nft
// stand-ins) is broken at every SSH command it sends (the connection dropped as the command arrives, so it never
// runs; or after it ran, its reply lost), after every line of its `uci batch`, and Rampart is "killed" before each
// phase and restarted (the push abandoned, recovery run). After each fault: the faulted deployment's record must
// match what the router then holds; a second push must be done; and with the router's clock past every timer, the
// router must hold exactly what that last deployment recorded as done, with no Rampart timer, restore copy or
// process left. Router state is always read from the stand-in (its config, staged changes, loaded ruleset and
// kernel table), never from Rampart's database. One stand-in serves every case: each starts from the firewall
// files kept after a clean v1 push (the "killed" cases push v1 back for real, since recovery compares with the
// last confirmed push). The count of fault points covered is printed at the end.
import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { OpenWrtPeer } from "../peers/openwrt/start-openwrt-peer";
import {
  OPENWRT_V1,
  OPENWRT_V2,
  openWrtManaged,
  saveRevision,
  setupPushDatabase,
  openWrtPushHooks,
  v2,
  waitFor,
} from "./push-fixture";

// Every case is two pushes and a dozen SSH connections, each stand-in command a process: minutes per test.
vi.setConfig({ testTimeout: 1_800_000 });

const dir = setupPushDatabase("push-faults-openwrt");
const h = openWrtPushHooks();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Everything a push may change on the router, read from the stand-in's own files: the committed config, staged
 * changes, the ruleset fw4 last loaded and the kernel's table (sets with their elements, chains).
 */
function routerState(peer: OpenWrtPeer) {
  return {
    committed: peer.readConfig(),
    staged: peer.readStaged(),
    live: peer.readLiveRuleset(),
    kernel: peer.readKernel(),
  };
}
type RouterState = ReturnType<typeof routerState>;
type Deployment = NonNullable<Awaited<ReturnType<typeof import("@/lib/push").getDeployment>>>;

let router: { peer: OpenWrtPeer; routerId: string; ruleSetId: string };
let v2State: RouterState;
let restoreV1: () => void;
let commandsInPush = 0;
let linesInBatch = 0;
const outcomes: Record<string, string[]> = {};

/** This router's revert timers as the router holds them: restore copies in /tmp, watchdog processes. */
async function rampartLeftovers(peer: OpenWrtPeer, routerId: string): Promise<string[]> {
  const ids = (await h.db.deployment.findMany({ where: { routerId }, select: { id: true } })).map((d) => d.id);
  return [
    ...ids
      .filter((id) => fs.existsSync(router.peer.revertDir(id)))
      .map((id) => `restore copy ${router.peer.revertDir(id)}`),
    ...peer.processes().map((p) => `process ${p}`),
  ];
}

/**
 * The router back at v1 exactly (its firewall files as kept after the clean v1 push: a case starts where the one
 * before started, without a push to get there); then revision 2 (v2) previewed: ready to push.
 */
async function atV1ThenPreviewV2(viaPush = false) {
  const { peer, routerId, ruleSetId } = router;
  if (viaPush) {
    // what recovery reads as "the last confirmed push" must be what the router holds: push v1 back for real
    const back = await h.previewAndPush(routerId, ruleSetId, 1);
    // (uci may write an option in another place than a first push did: the state before this case is read below)
    expect(back.status, `${back.error}`).toBe("done");
    expect(openWrtManaged(peer)).toEqual(OPENWRT_V1);
  } else restoreV1();
  const old = routerState(peer);
  expect(old.committed).not.toContain("rampart_rdns0001");
  const preview = await h.preview(routerId, ruleSetId, 2);
  return { old, revision: 2, preview };
}

/** The faulted push's record against what the router holds right after it. */
function expectRecordMatches(d: Deployment, now: RouterState, old: RouterState) {
  const why = `${d.status}: ${d.error ?? ""} / ${d.rollbackOutcome ?? ""}`;
  switch (d.status) {
    case "done":
      expect(now, why).toEqual(v2State);
      break;
    case "rolled-back":
      expect(d.rollbackOutcome, why).toMatch(/^rolled back: /);
      expect(now, why).toEqual(old);
      break;
    case "failed":
      expect(`${d.error}`, why).toMatch(/nothing was changed/);
      expect(now, why).toEqual(old);
      break;
    case "failed-unknown":
      // unknown says so, and what it names is one of the two states (the timer restores the old one when it fires)
      expect(`${d.error} ${d.rollbackOutcome ?? ""}`, why).toMatch(/unknown|pending/);
      expect([old, v2State], why).toContainEqual(now);
      break;
    default:
      throw new Error(`unexpected status ${why}`);
  }
}

/** A second push of v2 is done; with the clock past every timer the router still holds exactly v2, nothing left. */
async function expectSecondPushStands(revision: number) {
  const { peer, routerId, ruleSetId } = router;
  peer.setFaults({});
  const d = await h.previewAndPush(routerId, ruleSetId, revision);
  expect(d.status, `${d.error} / ${d.rollbackOutcome}`).toBe("done");
  expect(routerState(peer)).toEqual(v2State);
  await peer.advanceClock();
  expect(routerState(peer)).toEqual(v2State);
  expect(await rampartLeftovers(peer, routerId)).toEqual([]);
  expect((await h.push.getDeployment(d.id))!.status).toBe("done");
}

describe("OpenWrt fault suite", () => {
  it("a clean v1 → v2 push: the reference state, and the commands and batch lines it sends", async () => {
    router = await h.routerAtV1();
    restoreV1 = router.peer.keepFirewall();
    expect(await saveRevision(h.users.admin.userId, router.ruleSetId, v2)).toBe(2);
    const { peer, routerId, ruleSetId } = router;
    const { revision, preview } = await atV1ThenPreviewV2();
    peer.setFaults({ dropAtCommand: { n: Number.MAX_SAFE_INTEGER, when: "before" } }); // counts, never fires
    const d = await h.startAndWait(routerId, ruleSetId, revision, preview.id);
    expect(d.status).toBe("done");
    commandsInPush = peer.commandsCounted();
    peer.setFaults({});
    linesInBatch = preview.plan.ops.flatMap((o) => o.wire).length;
    v2State = routerState(peer);
    expect(openWrtManaged(peer)).toEqual(OPENWRT_V2);
    expect(v2State.kernel).toContain("10.2.0.0/16");
    // read (2) + arm + changes, export, batch, check, commit, reload + read-back (2) + disarm
    expect(commandsInPush).toBeGreaterThanOrEqual(12);
    expect(linesInBatch).toBeGreaterThan(5);
    await peer.advanceClock();
    expect(routerState(peer)).toEqual(v2State);
    expect(await rampartLeftovers(peer, routerId)).toEqual([]);
  });

  for (const when of ["before", "after"] as const) {
    it(`the connection drops ${when === "before" ? "as each command of the push arrives (it never runs)" : "after each command of the push ran (its reply lost)"}`, async () => {
      const seen: string[] = [];
      for (let k = 1; k <= commandsInPush; k++) {
        const t0 = Date.now();
        const { old, revision, preview } = await atV1ThenPreviewV2();
        router.peer.setFaults({ dropAtCommand: { n: k, when } });
        const d = await h.startAndWait(router.routerId, router.ruleSetId, revision, preview.id);
        const cmd = router.peer.droppedCommand();
        router.peer.setFaults({}); // before asserting: a fault left armed would break every later case
        expect(cmd, `fault at command ${k} was not reached`).not.toBeNull();
        expectRecordMatches(d, routerState(router.peer), old);
        seen.push(`${k} ${cmd!.slice(0, 24)}: ${d.status}`);
        console.log(`[fault suite openwrt] drop ${when} ${seen.at(-1)} (${Math.round((Date.now() - t0) / 1000)} s)`);
        await expectSecondPushStands(revision);
      }
      outcomes[`drop ${when} command`] = seen;
      expect(seen).toHaveLength(commandsInPush);
    });
  }

  it("the connection drops after each line of the uci batch (the lines before it staged, not committed)", async () => {
    const seen: string[] = [];
    for (let k = 1; k <= linesInBatch; k++) {
      const { old, revision, preview } = await atV1ThenPreviewV2();
      router.peer.setFaults({ dropAfterBatchLines: k });
      const d = await h.startAndWait(router.routerId, router.ruleSetId, revision, preview.id);
      router.peer.setFaults({});
      expectRecordMatches(d, routerState(router.peer), old);
      // a drop after the very last line can race the batch's own clean exit; before that it is always a failure
      if (k < linesInBatch) expect(d.status, `line ${k}`).toBe("rolled-back");
      seen.push(`${k}: ${d.status}`);
      await expectSecondPushStands(revision);
    }
    outcomes["drop after batch line"] = seen;
    expect(seen).toHaveLength(linesInBatch);
  });

  it("Rampart killed before each phase and restarted: recovery's record matches the router, the next push stands", async () => {
    const seen: string[] = [];
    for (const phase of ["apply", "verify", "confirm", "rollback"] as const) {
      const { peer, routerId, ruleSetId } = router;
      const { old, revision, preview } = await atV1ThenPreviewV2(true);
      let reached!: () => void;
      const atPhase = new Promise<void>((r) => (reached = r));
      h.queue.setPushHooks({
        beforePhase: async (p) => {
          // to reach the rollback phase the apply must fail first: uci refuses a batch line
          if (phase === "rollback" && p === "apply") peer.setFaults({ refuseBatchLine: "rampart_rdns0001" });
          if (p === phase) {
            reached();
            return new Promise<void>(() => {}); // Rampart died here: nothing after this runs
          }
        },
      });
      const r = await h.startPreviewed(routerId, ruleSetId, revision, preview.id, { revertSeconds: 60 });
      if (!r.ok) throw new Error(r.message);
      const id = r.deploymentIds[0];
      await atPhase;
      await new Promise((res) => setTimeout(res, 1100)); // the log flushes its steps within a second
      peer.setFaults({});
      h.queue.forgetRunning();
      h.queue.setPushHooks({});
      expect(await h.push.recoverInterruptedPushes({ force: true })).toBe(1);
      const d = await waitFor(
        () => h.push.getDeployment(id),
        (x) => !!x && !/checking the router/.test(x.error ?? ""),
      );
      const now = routerState(peer);
      const why = `${phase}: ${d!.status}: ${d!.error} / ${d!.rollbackOutcome}`;
      // the push's timer is armed and Rampart never disarmed it: recovery reads it from the router and names it
      expect(d!.status, why).toBe("failed-unknown");
      expect(d!.error, why).toMatch(/this push's revert timer is pending \(fires at /);
      expect(fs.existsSync(router.peer.revertDir(id)), why).toBe(true);
      expect(phase === "verify" || phase === "confirm" ? v2State : old, why).toEqual(now);
      seen.push(`${phase}: ${d!.status}`);
      await expectSecondPushStands(revision);
      expect(fs.existsSync(router.peer.revertDir(id))).toBe(false);
    }
    outcomes["killed before phase"] = seen;
    expect(seen).toHaveLength(4);
  });

  it("reports the fault points covered", () => {
    const total = Object.values(outcomes).reduce((n, o) => n + o.length, 0);
    for (const [k, o] of Object.entries(outcomes))
      console.log(`[fault suite openwrt] ${k}: ${o.length} (${o.join("; ")})`);
    console.log(`[fault suite openwrt] ${total} fault points covered`);
    expect(total).toBe(2 * commandsInPush + linesInBatch + 4);
  });
});
