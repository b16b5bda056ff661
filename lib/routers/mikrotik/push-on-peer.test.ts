import { afterEach, describe, expect, it } from "vitest";
import { content, rule } from "@/tests/support/rule-fixtures";
import { FASTTRACK_DUMMY_COMMENT } from "../../../tests/peers/routeros";
import { mikrotikPlanner } from "./planner";
import { PeerKit, compileOk, sampleContent } from "@/tests/support/mikrotik-peer-kit";

/**
 * plan -> apply -> readFirewall -> compare against the RouterOS peer over real sockets. Router state is asserted
 * by reading the peer's own rows.
 */
let kit: PeerKit | null = null;
afterEach(async () => {
  await kit?.close();
  kit = null;
});

describe("push against the RouterOS peer", () => {
  it.each(["7.18.2 (stable)", "6.49.19 (long-term)"])(
    "empty router (%s): apply(plan) then compare is empty, rows as compiled",
    async (version) => {
      kit = await PeerKit.start({ version });
      const s = await kit.connect();
      const { desired } = await kit.push(sampleContent(), s);
      expect(mikrotikPlanner.compare(await s.readFirewall(), desired)).toEqual([]);
      expect(kit.comments("ip/firewall/filter")).toEqual([
        "rampart:rest00001 stateful",
        "rampart:rssh00001 ssh – office",
        "rampart:rweb00001",
        "rampart:rrej00001",
        "rampart:rdrop0001 rest",
      ]);
      expect(kit.comments("ipv6/firewall/filter")).toEqual([
        "rampart:rest00001 stateful",
        "rampart:rssh00001 ssh – office",
        "rampart:rweb00001",
        "rampart:roff00001",
        "rampart:rdrop0001 rest",
      ]);
      const web = kit.peer.rows("ip/firewall/filter")[2];
      expect(web).toMatchObject({
        chain: "forward",
        protocol: "tcp",
        "dst-port": "80,443",
        "dst-address-list": "rampart.rweb00001.dst",
      });
      expect(
        kit.peer
          .rows("ip/firewall/address-list")
          .filter((r) => r.list === "rampart.rweb00001.dst")
          .map((r) => r.address),
      ).toEqual(["192.0.2.10", "192.0.2.11"]);
      expect(kit.peer.rows("ipv6/firewall/filter")[2]).toMatchObject({ "dst-address": "2001:db8::10" });
      expect(kit.peer.rows("ip/firewall/filter")[3]).toMatchObject({
        action: "reject",
        "reject-with": "icmp-network-unreachable",
        log: "true",
        "log-prefix": "snmp",
      });
      expect(kit.peer.rows("ipv6/firewall/filter")[3]).toMatchObject({ disabled: "true", "in-interface": "ether1" });
      // A second plan against what is now there sends nothing.
      expect(mikrotikPlanner.plan(await s.readFirewall(), desired).ops).toEqual([]);
    },
  );

  it("foreign and dynamic rows stay untouched and in place; managed rules sit right below the dynamic dummy", async () => {
    kit = await PeerKit.start({ seed: { foreign: true, fasttrack: true, dynamicAddressList: true } });
    const notOurs = kit.notOurs();
    const s = await kit.connect();
    const { desired } = await kit.push(sampleContent(), s);
    expect(mikrotikPlanner.compare(await s.readFirewall(), desired)).toEqual([]);
    expect(kit.notOurs()).toEqual(notOurs);
    const comments = kit.comments("ip/firewall/filter");
    expect(comments[0]).toBe(FASTTRACK_DUMMY_COMMENT);
    expect(comments.slice(1, 6).every((c) => c?.startsWith("rampart:"))).toBe(true);
    expect(comments.slice(6).every((c) => !c?.startsWith("rampart:"))).toBe(true);
    const v6 = kit.comments("ipv6/firewall/filter");
    expect(v6.at(-1)).toBe("defconf: accept ICMPv6");
  });

  it("a second push changes, reorders, adds and removes with few ops; foreign rows still untouched", async () => {
    kit = await PeerKit.start({ seed: { foreign: true, fasttrack: true, dynamicAddressList: true } });
    const s = await kit.connect();
    await kit.push(sampleContent(), s);
    const notOurs = kit.notOurs();
    const c = sampleContent();
    const [est, ssh, web, rej, off, drop] = c.rules;
    c.rules = [
      ssh,
      est,
      { ...web, dst: { kind: "addresses", values: ["192.0.2.10", "2001:db8::10"], negate: false } },
      rule({ id: "rnew00001", protocol: "udp", dstPorts: [{ from: 51820, to: 51820 }] }),
      { ...rej, action: "drop", log: false, logPrefix: "" },
      drop,
    ];
    void off;
    c.addressLists[0].entries.push({ address: "172.16.0.0/12", comment: "branch" });
    const live = await s.readFirewall();
    const plan = mikrotikPlanner.plan(live, compileOk(c));
    // ipv4: ssh moves above est, web now has one IPv4 address (set: dst-address, unset dst-address-list) so
    // both entries of its per-rule list go, new rule added, rej set; office gains an entry; ipv6: the same move,
    // the new rule, roff removed (web's IPv6 side was one address already).
    expect(plan.counts).toEqual({ add: 3, change: 2, remove: 3, move: 2 });
    await s.apply(plan.ops);
    expect(mikrotikPlanner.compare(await s.readFirewall(), compileOk(c))).toEqual([]);
    expect(kit.notOurs()).toEqual(notOurs);
    expect(kit.comments("ip/firewall/filter").slice(1, 7)).toEqual([
      "rampart:rssh00001 ssh – office",
      "rampart:rest00001 stateful",
      "rampart:rweb00001",
      "rampart:rnew00001",
      "rampart:rrej00001",
      "rampart:rdrop0001 rest",
    ]);
    expect(kit.comments("ipv6/firewall/filter")).toEqual([
      "rampart:rssh00001 ssh – office",
      "rampart:rest00001 stateful",
      "rampart:rweb00001",
      "rampart:rnew00001",
      "rampart:rdrop0001 rest",
      "defconf: accept ICMPv6",
    ]);
    expect(kit.peer.rows("ip/firewall/address-list").filter((r) => r.list?.startsWith("rampart.")).length).toBe(0);
    expect(kit.peer.rows("ip/firewall/filter").find((r) => r.comment === "rampart:rrej00001")).not.toHaveProperty(
      "reject-with",
    );
  });

  it("managed rules someone moved below foreign rules are moved back up; an edited managed rule is set back", async () => {
    kit = await PeerKit.start({ seed: { foreign: true, fasttrack: true } });
    const s = await kit.connect();
    const c = content([
      rule({ id: "raaaa0001", family: "ipv4" }),
      rule({ id: "raaaa0002", family: "ipv4", action: "drop" }),
    ]);
    await kit.push(c, s);
    const rows = kit.peer.rows("ip/firewall/filter");
    const mine = rows.filter((r) => r.comment?.startsWith("rampart:"));
    await s.apply([
      { label: "by hand", wire: ["/ip/firewall/filter/move", `=numbers=${mine[0][".id"]}`] },
      { label: "by hand", wire: ["/ip/firewall/filter/set", `=.id=${mine[1][".id"]}`, "=action=accept", "=log=yes"] },
    ]);
    const drift = mikrotikPlanner.compare(await s.readFirewall(), compileOk(c));
    expect(drift.map((d) => d.kind).sort()).toEqual(["change", "move"]);
    expect(drift.find((d) => d.kind === "change")!.fields).toEqual([
      { field: "action", old: "accept", new: "drop" },
      { field: "log", old: "true", new: "false" },
    ]);
    const notOurs = kit.notOurs();
    await kit.push(c, s);
    expect(mikrotikPlanner.compare(await s.readFirewall(), compileOk(c))).toEqual([]);
    expect(kit.notOurs()).toEqual(notOurs);
    expect(kit.comments("ip/firewall/filter").slice(0, 3)).toEqual([
      FASTTRACK_DUMMY_COMMENT,
      "rampart:raaaa0001",
      "rampart:raaaa0002",
    ]);
  });

  it("localAddress is the address the peer sees", async () => {
    kit = await PeerKit.start();
    const s = await kit.connect();
    expect(s.localAddress!()).toBe("127.0.0.1");
  });
});
