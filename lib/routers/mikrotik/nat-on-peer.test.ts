import { afterEach, describe, expect, it } from "vitest";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import type { NatRule, RuleSetContent } from "@/lib/rules/schema";
import { rule } from "@/tests/support/rule-fixtures";
import { PeerKit, compileOk, sleep } from "@/tests/support/mikrotik-peer-kit";
import { mikrotikPlanner } from "./planner";

/**
 * Port forwards and source NAT pushed to the RouterOS peer over real sockets: /ip/firewall/nat rows as compiled,
 * read back in sync, a hand edit seen as drift, and a push cut off mid-apply put back by the revert timer.
 */
let kit: PeerKit | null = null;
afterEach(async () => {
  await kit?.close();
  kit = null;
});

const nat = (id: string, fields: Partial<NatRule>) => makeNatRule(fields, () => id);
const web = nat("rnatweb01", {
  comment: "web server",
  inInterface: "ether1",
  dstPorts: [{ from: 8080, to: 8080 }],
  toAddress: "192.168.88.10",
  toPort: 80,
});
const masq = nat("rnatmasq1", { kind: "masquerade", protocol: "any", outInterface: "ether1" });

function withNat(...rules: NatRule[]): RuleSetContent {
  return {
    rules: [
      rule({ id: "rfwd00001", chain: "forward", protocol: "tcp", dstPorts: [{ from: 80, to: 80 }], comment: "web in" }),
    ],
    addressLists: [],
    nat: rules,
  };
}

describe("NAT on the RouterOS peer", () => {
  it("reading the rule set back from the router gives its NAT rules, ids included; what they cannot hold stays raw", async () => {
    kit = await PeerKit.start({ seed: { foreign: true } });
    const s = await kit.connect();
    const pushed = withNat(web, masq);
    await kit.push(pushed, s);
    const read = () => s.readFirewall().then((live) => mikrotikPlanner.decompile!(live, { managedOnly: true }));
    const { content, skipped } = await read();
    // adopt saves exactly this: the same NAT rules, so the next push keeps the rows
    expect(content.nat).toEqual(pushed.nat);
    expect(skipped.filter((x) => !x.partial)).toEqual([]);

    // a row given a property the NAT model has no field for is kept as a raw NAT rule, same id, same place
    const row = kit.peer.rows("ip/firewall/nat").find((r) => r.comment?.startsWith("rampart:rnatmasq1"))!;
    await s.apply([
      { label: "by hand", wire: ["/ip/firewall/nat/set", `=.id=${row[".id"]}`, "=ipsec-policy=out,none"] },
    ]);
    const after = await read();
    expect(after.skipped.filter((x) => !x.partial)).toEqual([]);
    expect(after.content.nat!.map((n) => n.id)).toEqual(["rnatweb01", "rnatmasq1"]);
    expect(after.content.nat![1].raw).toEqual({
      vendor: "mikrotik",
      type: "nat",
      props: { chain: "srcnat", action: "masquerade", "out-interface": "ether1", "ipsec-policy": "out,none" },
    });
    // adopting that and pushing it changes nothing on the router
    const again = compileOk(after.content);
    expect(mikrotikPlanner.plan(await s.readFirewall(), again).ops).toEqual([]);
  });

  it("a port forward and masquerade: rows as compiled, read back in sync, a second plan sends nothing", async () => {
    kit = await PeerKit.start({ seed: { foreign: true } });
    const s = await kit.connect();
    const { desired } = await kit.push(withNat(web, masq), s);
    expect(kit.peer.rows("ip/firewall/nat")).toEqual([
      expect.objectContaining({
        chain: "dstnat",
        action: "dst-nat",
        protocol: "tcp",
        "dst-port": "8080",
        "in-interface": "ether1",
        "to-addresses": "192.168.88.10",
        "to-ports": "80",
        comment: "rampart:rnatweb01 web server",
      }),
      expect.objectContaining({
        chain: "srcnat",
        action: "masquerade",
        "out-interface": "ether1",
        comment: "rampart:rnatmasq1",
      }),
    ]);
    const live = await s.readFirewall();
    expect(mikrotikPlanner.compare(live, desired)).toEqual([]);
    expect(mikrotikPlanner.plan(live, desired).ops).toEqual([]);
  });

  it("a changed port is one set; a hand edit on the router is drift", async () => {
    kit = await PeerKit.start();
    const s = await kit.connect();
    await kit.push(withNat(web), s);
    const changed = compileOk(withNat({ ...web, toPort: 8000 }));
    const plan = mikrotikPlanner.plan(await s.readFirewall(), changed);
    expect(plan.ops.map((o) => o.wire.slice(0, 1).concat(o.wire.slice(2)))).toEqual([
      ["/ip/firewall/nat/set", "=to-ports=8000"],
    ]);
    await s.apply(plan.ops);
    expect(kit.peer.rows("ip/firewall/nat")[0]["to-ports"]).toBe("8000");
    // Someone points the forward elsewhere by hand.
    const ref = kit.peer.rows("ip/firewall/nat")[0][".id"];
    await s.apply([{ label: "by hand", wire: ["/ip/firewall/nat/set", `=.id=${ref}`, "=to-addresses=192.168.88.99"] }]);
    expect(mikrotikPlanner.compare(await s.readFirewall(), changed)).toEqual([
      expect.objectContaining({
        kind: "change",
        ruleId: "rnatweb01",
        fields: [{ field: "to-addresses", old: "192.168.88.99", new: "192.168.88.10" }],
      }),
    ]);
  });

  it("removing the forward from the set removes its row and leaves a foreign NAT row alone", async () => {
    kit = await PeerKit.start();
    const s = await kit.connect();
    await s.apply([
      { label: "foreign", wire: ["/ip/firewall/nat/add", "=chain=srcnat", "=action=masquerade", "=comment=defconf"] },
    ]);
    await kit.push(withNat(web), s);
    expect(kit.comments("ip/firewall/nat")).toEqual(["rampart:rnatweb01 web server", "defconf"]);
    await kit.push(withNat(), s);
    expect(kit.comments("ip/firewall/nat")).toEqual(["defconf"]);
  });

  it("a push cut off mid-apply, Rampart never back: the revert timer puts the NAT table back as before", async () => {
    kit = await PeerKit.start({ seed: { foreign: true } });
    await kit.push(withNat(masq));
    const expected = kit.firewall();
    const s = await kit.connect();
    const before = await s.readFirewall();
    const plan = mikrotikPlanner.plan(before, compileOk(withNat(web, { ...masq, enabled: false })));
    expect(plan.ops.length).toBe(2);
    await s.armRevert!(before, { pushId: "pnat1", seconds: 60, ops: plan.ops });
    // A fresh connection: login's !done is reply 1, so the first op is answered and the second never is.
    kit.peer.faults.dropAfterSentences = 1 + 1;
    const applying = await kit.connect();
    await expect(applying.apply(plan.ops)).rejects.toMatchObject({ kind: "closed", opIndex: 1 });
    kit.peer.faults.dropAfterSentences = null;
    expect(kit.firewall()).not.toEqual(expected);
    kit.peer.advanceClock(61_100);
    await sleep(50);
    expect(kit.peer.state.log.filter((l) => l.topic === "script,error" || l.topic === "script,warning")).toEqual([]);
    expect(kit.firewall()).toEqual(expected);
  });
});
