// OpenWrt push faults, part 1: the SSH connection drops after each line of the uci batch in turn, through
// lib/push against the stand-in. Each time the router must end exactly in the old state (read from the stand-in).
import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { OpenWrtPeer } from "../peers/openwrt/start-openwrt-peer";
import { expectOpenWrtState, openWrtState, revertDirOf, saveRevision, setupPushDatabase, useOpenWrtPush, v2 } from "./push-fixture";

// a push reads the kernel too (nft) and makes sets exact: more stand-in commands, each a node process
vi.setConfig({ testTimeout: 90_000 });

const dir = setupPushDatabase("push-openwrt-drops");
const h = useOpenWrtPush();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("faults: the stand-in ends exactly in the old or exactly in the new state", () => {
  it("the connection drops after each batch line in turn: every time rolled back, the old state exact, section by section; then the push goes through", async () => {
    // Two routers share the lines (odd / even) so the attempts overlap; each router's attempts run one after another.
    const routers = await Promise.all([0, 1].map(() => h.routerAtV1()));
    const byRouter = new Map<string, { peer: OpenWrtPeer; dropAfter: number }>(routers.map((r) => [r.routerId, { peer: r.peer, dropAfter: 0 }]));
    h.queue.setPushHooks({
      beforePhase: async (phase, deploymentId) => {
        const d = await h.db.deployment.findUnique({ where: { id: deploymentId } });
        const r = byRouter.get(d!.routerId)!;
        if (phase === "apply") r.peer.setFaults({ dropAfterBatchLines: r.dropAfter });
        if (phase === "rollback") r.peer.setFaults({});
      },
    });
    const tried = await Promise.all(routers.map(async ({ peer, routerId, ruleSetId }, k) => {
      const old = openWrtState(peer);
      await saveRevision(h.users.admin.userId, ruleSetId, v2);
      // One preview for every attempt: the push refuses unless the router is exactly as previewed, so each
      // attempt also proves the one before left the router's state hash as it was.
      const p = await h.preview(routerId, ruleSetId, 2);
      expect(p.plan.ops).toHaveLength(1);
      const lines = p.plan.ops[0].wire.length;
      expect(lines).toBeGreaterThan(5);
      const mine: number[] = [];
      let pushed = false;
      for (let dropAfter = 1 + k; dropAfter <= lines; dropAfter += 2) {
        byRouter.get(routerId)!.dropAfter = dropAfter;
        const d = await h.startAndWait(routerId, ruleSetId, 2, p.id);
        if (dropAfter === lines && d.status === "done") {
          // A drop after the very last line races the batch's own clean exit; when the exit wins, the push
          // legitimately completes. Either way the router must hold exactly the new state; reset for the rest.
          expect(peer.readConfig()).toContain("config rule 'rampart_rdns0001'");
          mine.push(dropAfter);
          pushed = true;
          break;
        }
        expect(d.status, `drop after line ${dropAfter}: ${d.error}`).toBe("rolled-back");
        expect(d.error).toMatch(/^op 0 .*closed.*\(operation 1\)$/);
        expect(d.rollbackOutcome).toMatch(/^rolled back: .*matches the state before the push/);
        expectOpenWrtState(peer, old);
        expect(fs.existsSync(revertDirOf(d.id))).toBe(false);
        mine.push(dropAfter);
      }
      byRouter.get(routerId)!.dropAfter = 0;
      h.queue.setPushHooks({});
      if (!pushed) {
        const ok = await h.startAndWait(routerId, ruleSetId, 2, p.id);
        expect(ok.status, ok.error ?? "").toBe("done");
      }
      expect(peer.readConfig()).toContain("config rule 'rampart_rdns0001'");
      return { lines, mine };
    }));
    // every line of the batch had its turn
    expect(tried[0].lines).toBe(tried[1].lines);
    expect([...tried[0].mine, ...tried[1].mine].sort((a, b) => a - b)).toEqual(Array.from({ length: tried[0].lines }, (_, i) => i + 1));
  }, 120_000);
});
