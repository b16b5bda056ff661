import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { portRuleId, portRules, setupPushDatabase, openWrtPushHooks } from "./push-fixture";

vi.setConfig({ testTimeout: 180_000 });

/**
 * Issue #17.4 on OpenWrt: one rule section an admin adds among Rampart's 500 is one drift difference, and the
 * overwrite moves that one section back below Rampart's (one `reorder` line) instead of moving the managed
 * sections on one side of it across it: before, the 250 (or 500) sections above it were each a difference and a
 * move, and the plan became a whole-config import. Order is read from the stand-in; drift from the poller.
 */
const dir = setupPushDatabase("drift-openwrt-foreign-section");
const h = openWrtPushHooks();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const rules500 = portRules(500);
const managed = (i: number) => `rampart_${portRuleId(i)}`;
const poll = (routerId: string) => h.poll(routerId, { timeoutMs: 10_000 });

describe("an OpenWrt rule section added among Rampart's 500", () => {
  for (const [where, at] of [
    ["in the middle of the block", 250],
    ["above the last managed section", 499],
  ] as const) {
    it(`${where}: one drift difference; the overwrite is one reorder and Rampart's sections decide first again`, async () => {
      const { peer, routerId, ruleSetId } = await h.routerPushed(rules500);
      const ruleNames = () =>
        peer
          .readState()
          .sections.filter((s) => s.type === "rule")
          .map((s) => s.name ?? String(s.options.name ?? ""));
      const intended = ruleNames();

      // the admin's emergency block, anonymous as LuCI adds it, put right above one of Rampart's sections
      const index = peer.readState().sections.findIndex((s) => s.name === managed(at));
      const r = peer.uci(
        ["batch"],
        [
          "add firewall rule",
          "set firewall.@rule[-1].name='emergency block'",
          "set firewall.@rule[-1].src='*'",
          "set firewall.@rule[-1].proto='tcp'",
          "set firewall.@rule[-1].dest_port='8080'",
          "set firewall.@rule[-1].target='DROP'",
          `reorder firewall.@rule[-1]=${index}`,
          "commit firewall",
          "",
        ].join("\n"),
      );
      expect(r.stderr).toBe("");
      expect(ruleNames().indexOf("emergency block")).toBe(at);

      await poll(routerId);
      const v = (await h.drift.getDriftView(routerId))!;
      expect(v.state).toBe("drifted");
      expect(v.differences).toHaveLength(1);
      expect(v.differences[0].description).toMatch(
        /^move the router's own rule section @rule\[\d+\] "emergency block" back below Rampart's rules/,
      );

      const p = await h.preview(routerId, ruleSetId, 1);
      expect(p.plan.ops.flatMap((o) => o.wire)).toEqual([
        expect.stringMatching(/^reorder firewall\.@rule\[\d+\]=\d+$/),
      ]);
      const d = await h.startAndWait(routerId, ruleSetId, 1, p.id);
      expect(d.status, d.error ?? "").toBe("done");
      // every managed section is above the hand section again, in rule-set order; the router's own stay below it
      const order = ruleNames();
      expect(order.filter((n) => n !== "emergency block")).toEqual(intended);
      expect(order.indexOf("emergency block")).toBe(order.indexOf(managed(499)) + 1);
      await poll(routerId);
      expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "in-sync", differences: [] });
    });
  }
});
