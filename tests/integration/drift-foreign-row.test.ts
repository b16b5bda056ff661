import { describe, expect, it } from "vitest";
import type { RouterOsPeer } from "../peers/routeros";
import { editByHand, managedIds, portRuleId, portRules, routerOsPushHooks, setupPushDatabase } from "./push-fixture";

/**
 * Issue #17.4: one rule added by hand among Rampart's 500 is one drift difference, and the overwrite moves that one
 * row back below Rampart's rules (one command) instead of moving the 499 managed rules above it below it, which
 * left the hand rule deciding first. Router order is read from the peer; drift from what the poller recorded.
 */
setupPushDatabase("drift-foreign-row");
const h = routerOsPushHooks("fr");

async function pushRevision(routerId: string, ruleSetId: string, revision: number) {
  const preview = await h.preview(routerId, ruleSetId, revision);
  return { preview, deployment: await h.startAndWait(routerId, ruleSetId, revision, preview.id) };
}

const rules500 = portRules(500);

/** Comments of the input rows in router order, managed rows as their rule id. */
const inputOrder = (peer: RouterOsPeer) =>
  peer
    .rows("ip/firewall/filter")
    .filter((r) => r.chain === "input")
    .map((r) => /^rampart:(\S+)/.exec(r.comment ?? "")?.[1] ?? r.comment ?? "");

describe("a foreign rule added among Rampart's rules", () => {
  for (const [where, at] of [
    ["in the middle of the block", 250],
    ["above the last managed rule", 499],
  ] as const) {
    it(`${where}: one drift difference; the overwrite is one move and Rampart's rules decide first again`, async () => {
      const { peer, routerId, ruleSetId } = await h.routerPushed(rules500);
      const intended = inputOrder(peer);

      const before = peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith(`rampart:${portRuleId(at)}`))!;
      await editByHand(peer, [
        "/ip/firewall/filter/add",
        "=chain=input",
        "=action=drop",
        "=protocol=tcp",
        "=dst-port=8080",
        "=comment=emergency block",
        `=place-before=${before[".id"]}`,
      ]);
      await h.poll(routerId, { timeoutMs: 5000 });
      const v = (await h.drift.getDriftView(routerId))!;
      expect(v.state).toBe("drifted");
      expect(v.differences).toHaveLength(1);
      expect(v.differences[0]).toMatchObject({ kind: "reordered" });
      // in the middle of the block the one difference is the hand rule itself, named by its comment
      if (at === 250)
        expect(v.differences[0].description).toBe(
          `move the router's own ip input rule "emergency block" back below Rampart's rules (it was put among them)`,
        );

      const { preview, deployment } = await pushRevision(routerId, ruleSetId, 1);
      expect(deployment.status).toBe("done");
      expect(preview.plan.ops).toHaveLength(1);
      // every managed rule is above the hand rule again, in rule-set order, and the router's own rows stay below
      const order = inputOrder(peer);
      expect(order.filter((c) => c !== "emergency block")).toEqual(intended);
      expect(order.indexOf("emergency block")).toBeGreaterThan(order.lastIndexOf(`rk000499`));
      expect(managedIds(peer).filter((id) => id.startsWith("rk"))).toEqual(rules500.rules.map((r) => r.id));
      await h.poll(routerId, { timeoutMs: 5000 });
      expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "in-sync", differences: [] });
    }, 120_000);
  }
});
