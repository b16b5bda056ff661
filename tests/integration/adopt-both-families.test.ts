import { describe, expect, it } from "vitest";
import { rule } from "@/tests/support/rule-fixtures";
import type { RuleSetContent } from "@/lib/rules/schema";
import { editByHand, firewallOf, routerOsPushHooks, setupPushDatabase } from "./push-fixture";

/**
 * Issue #17.9: a rule for IPv4 and IPv6 is two rows on RouterOS (/ip and /ipv6 filter). One of them edited by
 * hand is one drift difference, and one adopt makes the router in sync: the rule becomes two single-family rules
 * (the IPv4 half keeps the rule, the IPv6 half is rule `<id>v6`, still tagged with the original id on the router),
 * and adopting again changes nothing. Router state is read from the peer.
 */
setupPushDatabase("adopt-both");
const h = routerOsPushHooks("ab");

const content: RuleSetContent = {
  rules: [
    rule({ id: "rssh0001", family: "ipv4", protocol: "tcp", dstPorts: [{ from: 22, to: 22 }], comment: "ssh" }),
    rule({ id: "rwebboth1", family: "both", protocol: "tcp", dstPorts: [{ from: 443, to: 443 }], comment: "web" }),
  ],
  addressLists: [],
};

const poll = (routerId: string) => h.poll(routerId, { timeoutMs: 5000 });

describe("adopt of a rule held as an IPv4 and an IPv6 row", () => {
  it("one hand edit of the IPv4 row is one difference; one adopt is in sync; adopting again makes no revision", async () => {
    const { peer, routerId, ruleSetId } = await h.routerPushed(content);
    expect(peer.rows("ipv6/firewall/filter").some((x) => x.comment === "rampart:rwebboth1 web")).toBe(true);

    const v4 = peer.rows("ip/firewall/filter").find((x) => x.comment === "rampart:rwebboth1 web")!;
    await editByHand(peer, ["/ip/firewall/filter/set", `=.id=${v4[".id"]}`, "=dst-port=8443"]);
    await poll(routerId);
    const v = (await h.drift.getDriftView(routerId))!;
    expect(v.state).toBe("drifted");
    expect(v.differences).toEqual([
      expect.objectContaining({
        kind: "changed",
        ruleId: "rwebboth1",
        fields: [{ field: "dst-port", onRouter: "8443", pushed: "443" }],
      }),
    ]);

    const before = firewallOf(peer);
    const a = await h.drift.adoptLive(h.rulesets.userEditor({ id: h.users.admin.userId, username: "alice" }), routerId);
    if (!a.ok) throw new Error(a.message);
    expect(a).toMatchObject({ revision: 2, drift: { state: "in-sync" } });
    expect(firewallOf(peer)).toEqual(before);
    const rev = (await h.rulesets.getRevision(ruleSetId, 2))!;
    expect(rev.content.rules.map((x) => [x.id, x.family, x.dstPorts[0]?.from])).toEqual([
      ["rssh0001", "ipv4", 22],
      ["rwebboth1", "ipv4", 8443],
      ["rwebboth1v6", "ipv6", 443],
    ]);
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "in-sync", differences: [] });

    const again = await h.drift.adoptLive(
      h.rulesets.userEditor({ id: h.users.admin.userId, username: "alice" }),
      routerId,
    );
    expect(again).toMatchObject({ ok: true, revision: 2, drift: { state: "in-sync" } });
    // and a push of the adopted revision sends nothing
    const p2 = await h.push.previewPush(h.users.admin.actor, routerId, ruleSetId, 2);
    expect(p2.ok && p2.preview.plan.ops).toEqual([]);
  });
});
