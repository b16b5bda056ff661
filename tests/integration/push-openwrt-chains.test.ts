// #17.5, chains as loaded, through lib/push and lib/drift with the real OpenWrt driver against the stand-in
// (real sshd, uci/fw4/nft stand-ins) and a real database. A push's read-back and the drift poll read the
// kernel's chains, not only uci: a rule added by hand with nft is not "the new rules", and not "in sync".
// Router state is read from the stand-in's kernel (nft list), never from Rampart's database.
import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { openWrtState, saveRevision, setupPushDatabase, openWrtPushHooks, v2 } from "./push-fixture";

vi.setConfig({ testTimeout: 120_000 });

const dir = setupPushDatabase("push-openwrt-chains");
const h = openWrtPushHooks();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Peer = Awaited<ReturnType<typeof h.newPeer>>;
/** The main input chain's rules as the stand-in's kernel lists them (counters and handles left out). */
const inputChain = (peer: Peer) => {
  const text = peer.nft(["list", "table", "inet", "fw4"]).stdout;
  const m = /\tchain input \{\n((?:\t\t[^\n]*\n)*)\t\}/.exec(text);
  return m
    ? m[1]
        .split("\n")
        .filter(Boolean)
        .map((l) => l.trim())
    : [];
};
const HAND = ["insert", "rule", "inet", "fw4", "input", "tcp", "dport", "22", "drop"];

describe("chains as loaded, end to end (#17.5)", () => {
  it("a rule added by hand with nft before read-back: the push is not done; it is rolled back, and the reload removes that rule", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const before = openWrtState(peer);
    const chainBefore = inputChain(peer);
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    const p = await h.preview(routerId, ruleSetId, 2);
    h.queue.setPushHooks({
      beforePhase: async (phase) => void (phase === "verify" && expect(peer.nft(HAND).rc).toBe(0)),
    });
    const d = await h.startAndWait(routerId, ruleSetId, 2, p.id);
    expect(d.status, d.error ?? "").toBe("rolled-back");
    expect(d.error).toMatch(
      /read-back over a new connection differs from the plan \(1\): chain input, rule 1 \(handle \d+\): "tcp dport 22 drop" was not loaded by fw4 but added by hand with nft/,
    );
    expect(d.rollbackOutcome).toMatch(
      /^rolled back: .*a read-back over a new connection confirms it matches the state before the push/,
    );
    // what "rolled back" promises, read from the router: the old config, and the kernel running exactly it
    expect(openWrtState(peer)).toEqual(before);
    expect(inputChain(peer)).toEqual(chainBefore);
  });

  it("drift: a rule added by hand with nft is one difference naming chain and position; deleting it by hand ends it", async () => {
    const { peer, routerId } = await h.routerAtV1();
    const poll = () => h.poll(routerId, { timeoutMs: 5000 });
    await poll();
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "in-sync", differences: [] });
    expect(peer.nft(HAND).rc).toBe(0);
    await poll();
    const v = (await h.drift.getDriftView(routerId))!;
    expect(v.state).toBe("drifted");
    expect(v.differences).toHaveLength(1);
    expect(v.differences[0]).toMatchObject({
      ruleId: null,
      description: expect.stringMatching(
        /^chain input, rule 1 \(handle (\d+)\): "tcp dport 22 drop" was not loaded by fw4 but added by hand with nft; a reload removes it$/,
      ),
    });
    const handle = /handle (\d+)/.exec(v.differences[0].description)![1];
    expect(peer.nft(["delete", "rule", "inet", "fw4", "input", "handle", handle]).rc).toBe(0);
    await poll();
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "in-sync", differences: [] });
  });
});
