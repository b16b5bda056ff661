// #17.7: another admin's staged, uncommitted uci edits. Real `uci export` (and fw4) include them; Rampart's
// restore point is the committed config only, a preview shows them, and a push is refused before anything is
// armed unless an admin overrides (then they are discarded, and the deployment record names the override).
// Router state is read from the stand-in itself.
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { openWrtState, saveRevision, setupPushDatabase, openWrtPushHooks, v2 } from "./push-fixture";

const dir = setupPushDatabase("push-openwrt-staged");
const h = openWrtPushHooks();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const STAGED = [
  "set firewall.other_admin=rule",
  "set firewall.other_admin.name=Theirs",
  "set firewall.other_admin.src=wan",
  "set firewall.other_admin.target=ACCEPT",
];

describe("staged changes of another admin (OpenWrt)", () => {
  it("the preview lists them; the push is refused before anything is armed, and they stay staged, never committed", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    peer.uci(["batch"], `${STAGED.join("\n")}\n`);
    const before = openWrtState(peer);
    const config = peer.readConfig();

    const p = await h.preview(routerId, ruleSetId, 2);
    expect(p.staged).toEqual([
      "firewall.other_admin='rule'",
      "firewall.other_admin.name='Theirs'",
      "firewall.other_admin.src='wan'",
      "firewall.other_admin.target='ACCEPT'",
    ]);
    // the plan is made against the committed config: nothing of theirs is in it
    expect(p.plan.ops.flatMap((o) => o.wire).some((l) => l.includes("other_admin"))).toBe(false);

    const d = await h.startAndWait(routerId, ruleSetId, 2, p.id);
    expect(d.status).toBe("refused");
    expect(d.error).toMatch(
      /uncommitted firewall changes staged by someone else \(firewall\.other_admin='rule'; .*Nothing was changed/,
    );
    expect(d.steps.map((s) => s.phase)).not.toContain("arm");
    expect(fs.existsSync(peer.revertDir(d.id))).toBe(false);
    expect(peer.readConfig()).toBe(config);
    expect(openWrtState(peer)).toEqual(before);
    expect(peer.uci(["changes", "firewall"]).stdout).toContain("firewall.other_admin='rule'");
  }, 120_000);

  it("an admin override discards them first and names the override; the timer's copy is the committed config", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    const committed = peer.uci(["export", "firewall"]).stdout;
    peer.uci(["batch"], `${STAGED.join("\n")}\n`);
    let copy: string | null = null;
    h.queue.setPushHooks({
      beforePhase: async (phase, id) => {
        if (phase === "apply") copy = fs.readFileSync(`${peer.revertDir(id)}/firewall`, "utf8");
      },
    });
    const p = await h.preview(routerId, ruleSetId, 2);
    const d = await h.startAndWait(routerId, ruleSetId, 2, p.id, {
      override: { lockout: false, noTimer: false, staged: true },
    });
    h.queue.setPushHooks({});
    expect(d.status, d.error ?? "").toBe("done");
    expect(copy).toBe(committed);
    expect(copy).not.toContain("other_admin");
    expect(d.overrides).toEqual([expect.objectContaining({ kind: "staged" })]);
    expect(d.steps.find((s) => /discarded 4 uncommitted changes/.test(s.message))?.message).toMatch(
      /staged changes overridden by /,
    );
    expect(peer.uci(["changes", "firewall"]).stdout).toBe("");
    expect(peer.readConfig()).not.toContain("other_admin");
  }, 120_000);
});
