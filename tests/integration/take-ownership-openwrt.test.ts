// Import with "take ownership" on OpenWrt's stock firewall, through lib/drift and lib/push against the stand-in:
// the preview shows take-overs (renames to Rampart's section names), never an added or moved section; the push
// renames the router's own sections in place, each keeping its place; every stock section is imported (9 rules, the
// defaults, 2 zones and the forwarding); a failed push leaves the router exactly as it was. Router state is read from
// the stand-in (its uci, its parser, its files).
import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import {
  expectOpenWrtState,
  openWrtState,
  addOpenWrtRouter,
  setupPushDatabase,
  openWrtPushHooks,
} from "./push-fixture";

// a push reads the kernel too (nft) and makes sets exact: more stand-in commands, each a node process
vi.setConfig({ testTimeout: 90_000 });

const dir = setupPushDatabase("take-ownership-openwrt");
const h = openWrtPushHooks();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function importedStock() {
  const { startOpenWrtPeer } = await import("../peers/openwrt/start-openwrt-peer");
  const peer = await startOpenWrtPeer({ seed: "stock" });
  h.peers.push(peer);
  const name = `own${++h.n}`;
  const routerId = await addOpenWrtRouter(name, peer);
  const { importFromRouter } = await import("@/lib/drift");
  const { userEditor } = await import("@/lib/rulesets");
  const r = await importFromRouter(userEditor({ id: h.users.admin.userId, username: "alice" }), routerId, {
    name: `stock ${name}`,
    takeOwnership: true,
  });
  if (!r.ok) throw new Error(r.message);
  return { peer, routerId, ruleSetId: r.ruleSetId, imported: r };
}

const uciExport = (peer: { uci(a: string[]): { stdout: string } }) => peer.uci(["export", "firewall"]).stdout;

describe("import with take ownership (OpenWrt stock firewall)", () => {
  it("the preview renames, moves and adds nothing; after the push every imported section is Rampart's in place and a re-preview is in sync", async () => {
    const { peer, routerId, ruleSetId, imported } = await importedStock();
    // 9 rule sections, the defaults, 2 zones and 1 forwarding
    expect(imported.claimed).toBe(13);
    const before = peer.readState().sections;
    const p = await h.preview(routerId, ruleSetId, 1);
    expect(p.plan.counts).toMatchObject({ add: 0, remove: 0, move: 0 });
    expect(p.plan.ops.flatMap((o) => o.wire).filter((l) => l.startsWith("reorder "))).toEqual([]);
    const takeOvers = p.plan.changes.filter((c) => c.kind === "change");
    expect(takeOvers).toHaveLength(13);
    for (const c of takeOvers)
      expect(c.description).toMatch(
        /^take ownership of (rule|zone|defaults|forwarding) @\w+\[\d+\]( ".*")? in place: renamed to rampart_r\w+/,
      );
    expect(p.plan.ops.flatMap((o) => o.wire).filter((l) => l.startsWith("rename "))).toHaveLength(13);

    const d = await h.startAndWait(routerId, ruleSetId, 1, p.id);
    expect(d.status, d.error ?? "").toBe("done");
    const after = peer.readState().sections;
    expect(after).toHaveLength(before.length);
    const named = (list: typeof before) =>
      list
        .filter((s) => s.type === "rule")
        .map((s) => [s.options.name, s.name?.startsWith("rampart_") ? "rampart" : "foreign"]);
    expect(named(after).filter(([, who]) => who === "rampart")).toHaveLength(9);
    // the names (nft comments) are the router's own; every stock section is Rampart's now, and the zones, the
    // defaults and the forwarding keep their policies
    expect(new Set(named(after).map(([n]) => n))).toEqual(new Set(named(before).map(([n]) => n)));
    expect(after.filter((s) => !s.name?.startsWith("rampart_"))).toEqual([]);
    const policies = (list: typeof before) =>
      list
        .filter((s) => s.type !== "rule")
        .map((s) => JSON.stringify([s.type, s.options.name, s.options.input, s.options.output, s.options.forward]));
    expect(policies(after)).toEqual(policies(before));
    // the order of all sections is unchanged: what the router's own rules see is what they saw
    expect(after.map((s) => `${s.type} ${s.options.name ?? ""}`)).toEqual(
      before.map((s) => `${s.type} ${s.options.name ?? ""}`),
    );
    // the placement is kept for the next previews and drift checks
    const placement = JSON.parse((await h.db.routerStatus.findUnique({ where: { routerId } }))!.lastPushedPlacement!);
    expect(Object.keys(placement)).toHaveLength(9);

    const again = await h.preview(routerId, ruleSetId, 1);
    expect(again.inSync).toBe(true);
    expect(again.plan.ops).toEqual([]);
    expect((await h.db.routerAssignment.findUnique({ where: { routerId } }))!.ownershipClaims).toBe("[]");
  });

  it("a taken-over rule moved across one of the router's own rules by hand is drift; a push moves it back", async () => {
    const { peer, routerId, ruleSetId } = await importedStock();
    const p = await h.preview(routerId, ruleSetId, 1);
    const d = await h.startAndWait(routerId, ruleSetId, 1, p.id);
    expect(d.status, d.error ?? "").toBe("done");
    const { pollRouter } = await import("@/lib/health/sweep");
    const { getDriftView } = await import("@/lib/drift");
    const poll = () => pollRouter(routerId, { concurrency: 1, timeoutMs: 5000 });
    await poll();
    expect((await getDriftView(routerId))!).toMatchObject({ state: "in-sync", differences: [] });

    const pushed = peer.readState().sections;
    const igmp = pushed.find((s) => s.options.name === "Allow-IGMP")!.name!;
    const pingAt = pushed.findIndex((s) => s.options.name === "Allow-Ping");
    const r = peer.uci(["batch"], `reorder firewall.${igmp}=${pingAt}\ncommit firewall\n`);
    expect(r.stderr).toBe("");
    await poll();
    const v = (await getDriftView(routerId))!;
    expect(v.state).toBe("drifted");
    expect(v.differences).toEqual([
      expect.objectContaining({ kind: "reordered", ruleId: igmp.replace(/^rampart_/, "") }),
    ]);

    const again = await h.preview(routerId, ruleSetId, 1);
    expect(again.plan.ops.flatMap((o) => o.wire)).toEqual([
      expect.stringMatching(new RegExp(`^reorder firewall\\.${igmp}=\\d+$`)),
    ]);
    expect((await h.startAndWait(routerId, ruleSetId, 1, again.id)).status).toBe("done");
    expect(peer.readState().sections.map((s) => s.options.name)).toEqual(pushed.map((s) => s.options.name));
    await poll();
    expect((await getDriftView(routerId))!.state).toBe("in-sync");
  });

  it("uci refuses a line of the ownership batch: rolled back, the router byte-identical to before (committed file included)", async () => {
    const { peer, routerId, ruleSetId } = await importedStock();
    const old = openWrtState(peer);
    const p = await h.preview(routerId, ruleSetId, 1);
    const wire = p.plan.ops.flatMap((o) => o.wire);
    const refused = wire
      .filter((l) => !l.startsWith("rename "))
      .at(-1)!
      .split("=")[0];
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
