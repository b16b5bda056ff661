import { afterEach, describe, expect, it } from "vitest";
import { content, rule } from "@/tests/support/rule-fixtures";
import { PeerKit } from "@/tests/support/mikrotik-peer-kit";
import { mikrotikPlanner } from "./planner";

/**
 * The matchers of issue #20 (ICMP type, TTL / hop limit, NAT state, rate limit) pushed to the RouterOS peer over
 * real sockets, read back as the router holds them, compared clean and decompiled to the same rules.
 */
let kit: PeerKit | null = null;
afterEach(async () => {
  await kit?.close();
  kit = null;
});

const matcherContent = () =>
  content([
    rule({
      id: "rping0001",
      family: "ipv4",
      protocol: "icmp",
      icmpTypes: [{ type: 8 }],
      rateLimit: { rate: 10, per: "second", burst: 5 },
      comment: "ping",
    }),
    rule({ id: "runre0001", family: "ipv4", protocol: "icmp", icmpTypes: [{ type: 3, code: 4 }], comment: "pmtu" }),
    rule({ id: "rhop00001", chain: "forward", action: "drop", ttl: { op: "less-than", value: 2 }, comment: "hops" }),
    rule({ id: "rnat00001", chain: "forward", action: "drop", natState: "not-dstnat", states: ["new"] }),
    rule({ id: "rnd000001", family: "ipv6", protocol: "icmpv6", icmpTypes: [{ type: 135, code: 0 }] }),
  ]);

describe("matchers on the RouterOS peer", () => {
  it("pushes each matcher as the router's property, reads back in sync, and decompiles to the same rules", async () => {
    kit = await PeerKit.start();
    const s = await kit.connect();
    const c = matcherContent();
    const { desired } = await kit.push(c, s);
    const live = await s.readFirewall();
    expect(mikrotikPlanner.compare(live, desired)).toEqual([]);
    expect(mikrotikPlanner.plan(live, desired).ops).toEqual([]);

    const v4 = kit.peer.rows("ip/firewall/filter");
    const v6 = kit.peer.rows("ipv6/firewall/filter");
    expect(v4[0]).toMatchObject({ protocol: "icmp", "icmp-options": "8:0-255", limit: "10/1s,5:packet" });
    expect(v4[1]).toMatchObject({ "icmp-options": "3:4" });
    expect(v4[2]).toMatchObject({ ttl: "less-than:2" });
    expect(v4[2]["hop-limit"]).toBeUndefined();
    expect(v6[0]).toMatchObject({ "hop-limit": "less-than:2" });
    expect(v6[0].ttl).toBeUndefined();
    expect(v4[3]).toMatchObject({ "connection-nat-state": "!dstnat", "connection-state": "new" });
    expect(v6.at(-1)).toMatchObject({ protocol: "icmpv6", "icmp-options": "135:0" });

    const back = mikrotikPlanner.decompile!(live, { managedOnly: true });
    expect(back.skipped).toEqual([]);
    expect(back.content.rules).toEqual(c.rules);
  });

  it("a rule with several ICMP types is refused at preview, naming the field", () => {
    const r = mikrotikPlanner.compile(
      content([rule({ protocol: "icmp", family: "ipv4", icmpTypes: [{ type: 8 }, { type: 0 }] })]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues).toEqual([
        expect.objectContaining({ field: "icmpTypes", message: expect.stringMatching(/one ICMP type per rule/) }),
      ]);
  });
});
