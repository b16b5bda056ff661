// Import with "take ownership" on OpenWrt's stock firewall, through lib/drift and lib/push against the stand-in:
// the preview shows take-overs (renames to Rampart's section names) and block-placement moves, never an added
// section; the push renames the router's own sections in place; a failed push leaves the router exactly as it
// was. Router state is read from the stand-in (its uci, its parser, its files).
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { expectOpenWrtState, openWrtState, addOpenWrtRouter, setupPushDatabase, useOpenWrtPush } from "./push-fixture";

const dir = setupPushDatabase("take-ownership-openwrt");
const h = useOpenWrtPush();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function importedStock() {
  const { startOpenWrtPeer } = await import("../peers/openwrt/start-openwrt-peer");
  const peer = await startOpenWrtPeer({ seed: "stock" });
  h.peers.push(peer);
  const name = `own${++h.n}`;
  const routerId = await addOpenWrtRouter(name, peer);
  const { importFromRouter } = await import("@/lib/drift");
  const { userEditor } = await import("@/lib/rulesets");
  const r = await importFromRouter(userEditor({ id: h.users.admin.userId, username: "alice" }), routerId, { name: `stock ${name}`, takeOwnership: true });
  if (!r.ok) throw new Error(r.message);
  return { peer, routerId, ruleSetId: r.ruleSetId, imported: r };
}

const uciExport = (peer: { uci(a: string[]): { stdout: string } }) => peer.uci(["export", "firewall"]).stdout;

describe("import with take ownership (OpenWrt stock firewall)", () => {
  it("the preview renames and moves, adds nothing; after the push every imported section is Rampart's in place and a re-preview is in sync", async () => {
    const { peer, routerId, ruleSetId, imported } = await importedStock();
    expect(imported.claimed).toBe(5);
    const before = peer.readState().sections;
    const p = await h.preview(routerId, ruleSetId, 1);
    expect(p.plan.counts).toMatchObject({ add: 0, remove: 0 });
    const takeOvers = p.plan.changes.filter((c) => c.kind === "change");
    expect(takeOvers).toHaveLength(5);
    for (const c of takeOvers) expect(c.description).toMatch(/^take ownership of rule @rule\[\d+\] ".*" in place: renamed to rampart_r\w+/);
    expect(p.plan.ops.flatMap((o) => o.wire).filter((l) => l.startsWith("rename "))).toHaveLength(5);

    const d = await h.startAndWait(routerId, ruleSetId, 1, p.id);
    expect(d.status, d.error ?? "").toBe("done");
    const after = peer.readState().sections;
    expect(after).toHaveLength(before.length);
    const named = (list: typeof before) => list.filter((s) => s.type === "rule").map((s) => [s.options.name, s.name?.startsWith("rampart_") ? "rampart" : "foreign"]);
    expect(named(after).filter(([, who]) => who === "rampart")).toHaveLength(5);
    // the names (nft comments) are the router's own; the foreign sections are unchanged and in order
    expect(new Set(named(after).map(([n]) => n))).toEqual(new Set(named(before).map(([n]) => n)));
    const foreign = (list: typeof before) => list.filter((s) => !s.name?.startsWith("rampart_") && !(s.type === "rule" && after.some((a) => a.name?.startsWith("rampart_") && a.options.name === s.options.name)));
    expect(foreign(after).map((s) => JSON.stringify(s.options))).toEqual(foreign(before).map((s) => JSON.stringify(s.options)));

    const again = await h.preview(routerId, ruleSetId, 1);
    expect(again.inSync).toBe(true);
    expect(again.plan.ops).toEqual([]);
    expect((await h.db.routerAssignment.findUnique({ where: { routerId } }))!.ownershipClaims).toBe("[]");
  });

  it("uci refuses a line of the ownership batch: rolled back, the router byte-identical to before (committed file included)", async () => {
    const { peer, routerId, ruleSetId } = await importedStock();
    const old = openWrtState(peer);
    const p = await h.preview(routerId, ruleSetId, 1);
    const wire = p.plan.ops.flatMap((o) => o.wire);
    const refused = wire.filter((l) => !l.startsWith("rename ")).at(-1)!.split("=")[0];
    h.queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase === "apply") peer.setFaults({ refuseBatchLine: refused });
        if (phase === "rollback") peer.setFaults({});
      },
    });
    const d = await h.startAndWait(routerId, ruleSetId, 1, p.id);
    expect(d.status).toBe("rolled-back");
    expectOpenWrtState(peer, old);
  });

  it("the read-back differs after the renames were committed: rolled back by importing the old config, every section as before", async () => {
    const { peer, routerId, ruleSetId } = await importedStock();
    const old = openWrtState(peer);
    const oldExport = uciExport(peer);
    const p = await h.preview(routerId, ruleSetId, 1);
    h.queue.setPushHooks({
      beforePhase: async (phase) => {
        if (phase !== "verify") return;
        const name = peer.readState().sections.find((s) => s.name?.startsWith("rampart_r"))!.name;
        const r = peer.uci(["batch"], `set firewall.${name}.dest_port='9999'\ncommit firewall\n`);
        if (r.stderr) throw new Error(r.stderr);
      },
    });
    const d = await h.startAndWait(routerId, ruleSetId, 1, p.id);
    expect(d.status).toBe("rolled-back");
    expect(d.rollbackOutcome).toMatch(/^rolled back: .*matches the state before the push/);
    // uci's view is exact (anonymous sections anonymous again); the committed file is in uci's own layout now,
    // without the stock file's comments, as after any commit
    expect(uciExport(peer)).toBe(oldExport);
    const now = openWrtState(peer);
    expect(now.sections).toEqual(old.sections);
    expect(now.staged).toBe("");
    expect(now.live).toBe(old.live);
  });
});
