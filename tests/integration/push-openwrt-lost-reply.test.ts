// #17.6 (OpenWrt): an error past apply must end in a record of what the router holds. Here the disarm runs on
// the router but its reply is lost with the connection (stand-in fault dropReplyTo), and Rampart's first
// reconnect fails too. The old record was "failed: the router's revert timer restores the previous firewall"
// while the router kept the new firewall and no timer existed. Router state is read from the stand-in.
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { OPENWRT_V2, openWrtManaged, saveRevision, setupPushDatabase, openWrtPushHooks, v2 } from "./push-fixture";

const dir = setupPushDatabase("push-openwrt-lost-reply");
const h = openWrtPushHooks();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a lost reply past apply (OpenWrt)", () => {
  it("the disarm ran but its reply was lost, and the router was out of reach once: recorded done, the router keeps v2, no timer fires", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    const p = await h.preview(routerId, ruleSetId, 2);
    peer.setFaults({ dropReplyTo: "echo disarmed" });
    let rollbackAttempts = 0;
    h.queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase === "rollback" && ++rollbackAttempts === 1) throw new Error("router out of reach");
      },
    });
    const revertSeconds = 20;
    const startedAt = Date.now();
    const d = await h.startAndWait(routerId, ruleSetId, 2, p.id, { revertSeconds });
    h.queue.setPushHooks({});
    peer.setFaults({});
    expect(rollbackAttempts).toBe(2);
    expect(d.status, `${d.error} / ${d.rollbackOutcome}`).toBe("done");
    expect(d.rollbackOutcome).toMatch(
      /^confirmed on a later attempt: a read-back over a new connection still shows exactly the new rules; no timer or script of this push is on the router \(read back\)/,
    );
    expect(openWrtManaged(peer)).toEqual(OPENWRT_V2);
    expect(fs.existsSync(peer.revertDir(d.id))).toBe(false);
    // past the revert window nothing has changed: no timer was left to fire
    await new Promise((r) => setTimeout(r, Math.max(0, startedAt + (revertSeconds + 3) * 1000 - Date.now())));
    expect(openWrtManaged(peer)).toEqual(OPENWRT_V2);
    expect(peer.uci(["changes", "firewall"]).stdout).toBe("");
    const status = await h.db.routerStatus.findUnique({ where: { routerId } });
    expect(status?.driftState).toBe("in-sync");
  }, 180_000);
});
