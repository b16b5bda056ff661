// The RouterOS fault suite (#17): a v1 → v2 push is broken at every command it sends, on every connection it
// opens (the connection dropped just before the router runs the command, or just after it ran with the reply
// lost), and Rampart is "killed" at each phase and restarted (the push abandoned, recovery run). After each fault:
// the first deployment's record must match what the peer then holds; a second push must be done; and with the
// peer's clock past every timer, the router must hold exactly what that last deployment recorded as done, with
// no Rampart timer or script left. State is always read from the peer.
import { describe, expect, it } from "vitest";
import type { RouterOsPeer } from "../peers/routeros";
import { firewallOf, routerOsPushHooks, setupPushDatabase, waitFor } from "./push-fixture";

setupPushDatabase("push-faults-routeros");

const h = routerOsPushHooks("f");
const routerAtV1 = h.routerWithV2Saved;
const pushRevision = (routerId: string, ruleSetId: string, revision: number, beforeStart?: () => void) =>
  h.previewAndPush(routerId, ruleSetId, revision, {}, beforeStart);

async function start(routerId: string, ruleSetId: string, revision: number) {
  const p = await h.push.previewPush(h.users.admin.actor, routerId, ruleSetId, revision);
  if (!p.ok) throw new Error(p.refusal.message);
  const r = await h.startPreviewed(routerId, ruleSetId, revision, p.preview.id, { revertSeconds: 60 });
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
}

const rampartTimers = (peer: RouterOsPeer) =>
  [...peer.rows("system/scheduler"), ...peer.rows("system/script")]
    .filter((r) => r.name?.startsWith("rampart-revert-"))
    .map((r) => r.name!);

type Deployment = NonNullable<Awaited<ReturnType<typeof import("@/lib/push").getDeployment>>>;

/** The record of the faulted push against what the peer holds right after it. */
function expectRecordMatches(d: Deployment, peer: RouterOsPeer, old: string[], v2State: string[]) {
  const now = firewallOf(peer);
  const why = `${d.status}: ${d.error ?? ""} / ${d.rollbackOutcome ?? ""}`;
  switch (d.status) {
    case "done":
      expect(now, why).toEqual(v2State);
      expect(rampartTimers(peer), why).toEqual([]);
      break;
    case "rolled-back":
      expect(now, why).toEqual(old);
      expect(rampartTimers(peer), why).toEqual([]);
      break;
    case "failed":
      expect(d.error, why).toMatch(/nothing was changed/);
      expect(now, why).toEqual(old);
      expect(
        rampartTimers(peer).filter((t) => t.endsWith(d.id)),
        why,
      ).toEqual([]);
      break;
    case "failed-unknown":
      expect(`${d.error} ${d.rollbackOutcome ?? ""}`, why).toMatch(/unknown|pending/);
      break;
    default:
      throw new Error(`unexpected status ${why}`);
  }
}

/** A second push of v2 is done, and with the peer's clock past every timer the router still holds it. */
async function expectSecondPushStands(peer: RouterOsPeer, routerId: string, ruleSetId: string, v2State: string[]) {
  for (const k of Object.keys(peer.faults) as (keyof typeof peer.faults)[])
    if (k === "dropAt" || k === "dropAtNth") peer.faults[k] = null;
  const d = await pushRevision(routerId, ruleSetId, 2);
  expect(d.status, `${d.error} / ${d.rollbackOutcome}`).toBe("done");
  expect(firewallOf(peer)).toEqual(v2State);
  peer.advanceClock(10 * 60_000);
  await new Promise((r) => setTimeout(r, 100));
  expect(firewallOf(peer)).toEqual(v2State);
  expect(rampartTimers(peer)).toEqual([]);
  const last = (await h.push.getDeployment(d.id))!;
  expect(last.status).toBe("done");
}

let v2State: string[] = [];
let commandsInPush = 0;

describe("RouterOS fault suite", () => {
  it("a clean v1 → v2 push: the reference state and the number of commands it sends", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    const p = await h.push.previewPush(h.users.admin.actor, routerId, ruleSetId, 2);
    if (!p.ok) throw new Error(p.refusal.message);
    const before = peer.state.commands.length;
    const d = await pushRevision(routerId, ruleSetId, 2);
    expect(d.status).toBe("done");
    // previewPush inside pushRevision reads the firewall once more, not part of the push: one print per table
    // (filter and address list per family, and /ip/firewall/nat) and the names of /interface and /interface/list.
    commandsInPush = peer.state.commands.length - before - 7;
    v2State = firewallOf(peer);
    expect(commandsInPush).toBeGreaterThan(15);
    await peer.close();
  });

  for (const when of ["before", "after"] as const) {
    it(`the connection drops ${when} each command of the push in turn`, async () => {
      let covered = 0;
      const outcomes: string[] = [];
      for (let k = 1; k <= commandsInPush; k++) {
        const { peer, routerId, ruleSetId, old } = await routerAtV1();
        const d = await pushRevision(routerId, ruleSetId, 2, () => (peer.faults.dropAtNth = { n: k, when }));
        expect(peer.faults.dropAtNth, `fault at command ${k} was not reached`).toBeNull();
        expectRecordMatches(d, peer, old, v2State);
        outcomes.push(`${k}:${peer.state.commands.length ? d.status : ""}`);
        await expectSecondPushStands(peer, routerId, ruleSetId, v2State);
        await peer.close();
        covered++;
      }
      console.log(`[fault suite] drop ${when} command: ${covered} fault points covered (${outcomes.join(" ")})`);
      expect(covered).toBe(commandsInPush);
    }, 600_000);
  }

  it("Rampart killed before each phase and restarted: recovery's record matches the router, the next push stands", async () => {
    let covered = 0;
    for (const phase of ["apply", "verify", "confirm", "rollback"] as const) {
      const { peer, routerId, ruleSetId, old } = await routerAtV1();
      h.queue.setPushHooks({
        beforePhase: async (p) => {
          // To reach the rollback phase, the apply must fail first.
          if (phase === "rollback" && p === "apply") peer.faults.fatalAfterCommands = 1;
          if (p === phase) {
            peer.faults.fatalAfterCommands = null;
            return new Promise<void>(() => {});
          }
        },
      });
      const r = await start(routerId, ruleSetId, 2);
      const id = r.deploymentIds[0];
      await waitFor(
        () =>
          h.db.deploymentStep.count({
            where: {
              deploymentId: id,
              phase:
                phase === "rollback" ? "rollback" : phase === "apply" ? "arm" : phase === "verify" ? "apply" : "verify",
            },
          }),
        (c) => c > 0,
      );
      await new Promise((res) => setTimeout(res, 1100)); // steps are flushed within a second; let the hook be reached
      h.queue.forgetRunning();
      h.queue.setPushHooks({});
      expect(await h.push.recoverInterruptedPushes({ force: true })).toBe(1);
      const d = (await h.push.getDeployment(id))!;
      const why = `${phase}: ${d.status}: ${d.error} / ${d.rollbackOutcome}`;
      if (d.status === "failed-unknown") {
        // Recovery changes nothing: a pending timer is named, and the router holds either state until it fires.
        expect(d.error, why).toMatch(/revert timer is pending \(fires at/);
        expect(rampartTimers(peer), why).toEqual([`rampart-revert-${id}`, `rampart-revert-${id}`]);
      } else expectRecordMatches(d, peer, old, v2State);
      await expectSecondPushStands(peer, routerId, ruleSetId, v2State);
      await peer.close();
      covered++;
    }
    console.log(`[fault suite] killed at a phase: ${covered} fault points covered`);
    expect(covered).toBe(4);
  }, 300_000);
});
