// OpenWrt push faults, part 2: uci refusing a line mid-batch, a read-back that differs from the plan, and the
// connection dropping mid-read-back, through lib/push against the stand-in. The router must end exactly in the
// old state, read from the stand-in. (Drops after each batch line: push-openwrt-drops.test.ts; Rampart killed
// after apply: push-openwrt.test.ts.)
import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import {
  expectOpenWrtState,
  openWrtState,
  saveRevision,
  setupPushDatabase,
  openWrtPushHooks,
  v2,
} from "./push-fixture";

// a push reads the kernel too (nft) and makes sets exact: more stand-in commands, each a node process
vi.setConfig({ testTimeout: 90_000 });

const dir = setupPushDatabase("push-openwrt-faults");
const h = openWrtPushHooks();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("faults: the stand-in ends exactly in the old or exactly in the new state", () => {
  it("the router refuses a line mid-batch (and the last line): rolled back, the old state exact, uci's own text kept", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const old = openWrtState(peer);
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    const p = await h.preview(routerId, ruleSetId, 2);
    const wire = p.plan.ops.flatMap((o) => o.wire);
    for (const line of [wire[Math.floor(wire.length / 2)], wire.at(-1)!]) {
      // the stand-in matches the tokenised line (quotes gone): match on the path part
      const refused = line.split("=")[0];
      h.queue.setPushHooks({
        beforePhase: async (phase) => {
          if (phase === "apply") peer.setFaults({ refuseBatchLine: refused });
          if (phase === "rollback") peer.setFaults({});
        },
      });
      const d = await h.startAndWait(routerId, ruleSetId, 2, p.id);
      expect(d.status, `${refused}: ${d.error}`).toBe("rolled-back");
      expect(d.routerError).toBe("uci: Invalid argument");
      expect(d.error).toMatch(/was refused by uci/);
      expectOpenWrtState(peer, old);
    }
  });

  it("read-back over the new connection differs from the plan (a Rampart section changed in between): rolled back to the old state exactly, live ruleset included", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const old = openWrtState(peer);
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    h.queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase !== "verify") return;
        const r = peer.uci(["batch"], "set firewall.rampart_rweb0001.dest_port='9999'\ncommit firewall\n");
        if (r.stderr) throw new Error(r.stderr);
      },
    });
    const d = await h.previewAndPush(routerId, ruleSetId, 2);
    expect(d.status).toBe("rolled-back");
    expect(d.error).toMatch(/read-back over a new connection differs from the plan/);
    expect(d.rollbackOutcome).toMatch(/^rolled back: .*matches the state before the push/);
    expect(peer.readConfig()).not.toContain("9999");
    expectOpenWrtState(peer, old);
  });

  it("the connection drops while reading back (half an export, then gone): rolled back to the old state exactly", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const old = openWrtState(peer);
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    h.queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase === "verify") peer.setFaults({ dropOnShow: true });
        if (phase === "rollback") peer.setFaults({});
      },
    });
    const d = await h.previewAndPush(routerId, ruleSetId, 2);
    expect(d.status, d.error ?? "").toBe("rolled-back");
    expectOpenWrtState(peer, old);
  });
});
