// Issue #20 item 1, must show: one rule set using interface roles pushed to a MikroTik and an OpenWrt router with
// different interface layouts. Real RouterOS peer (defconf LAN/WAN lists), real OpenWrt stand-in (fw4 zones lan,
// wan); what each router holds is read from the peer itself.
import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { roleMatch } from "@/lib/rules/interface-roles";
import { content, rule } from "@/tests/support/rule-fixtures";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import { addRouter, newRuleSet, setupPushDatabase, openWrtPushHooks } from "./push-fixture";

vi.setConfig({ testTimeout: 120_000 });

const dir = setupPushDatabase("push-roles");
const h = openWrtPushHooks();
let ros: RouterOsPeer | null = null;
afterAll(async () => {
  await ros?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const roles = content([
  rule({
    id: "rweblan01",
    protocol: "tcp",
    dstPorts: [{ from: 8080, to: 8080 }],
    inInterface: roleMatch("lan"),
    comment: "web from the LAN",
  }),
  rule({
    id: "rfwdlan01",
    chain: "forward",
    inInterface: roleMatch("lan"),
    outInterface: roleMatch("wan"),
    comment: "LAN to the internet",
  }),
  rule({ id: "rdropwan1", action: "drop", inInterface: roleMatch("wan"), comment: "nothing else from the WAN" }),
]);

describe("one rule set with roles on two vendors", () => {
  it("is refused naming the role until mapped, proposes the routers' own lists and zones, then pushes to both", async () => {
    ros = await startRouterOsPeer({ seed: { defconf: true } });
    const mikrotik = await addRouter("ros-roles", ros);
    const owrtPeer = await h.newPeer();
    const { addOpenWrtRouter } = await import("./push-fixture");
    const openwrt = await addOpenWrtRouter("owrt-roles", owrtPeer);
    const setId = await newRuleSet(h.users.admin.userId, "roles everywhere", roles);
    for (const r of [mikrotik, openwrt]) {
      const a = await h.push.assignRuleSet(h.users.admin.actor, r, setId);
      expect(a.ok).toBe(true);
    }
    const rr = await import("@/lib/inventory/router-roles");

    // Unmapped: the preview names the role and says where to map it; nothing is sent.
    const refused = await h.push.previewPush(h.users.admin.actor, mikrotik, setId, 1);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.refusal.message).toContain("role 'lan' is not mapped on this router");

    // Proposals read from each router: RouterOS defconf's interface lists, OpenWrt's fw4 zones.
    const rosProposals = await rr.proposeRouterRoles(mikrotik);
    expect(rosProposals).toMatchObject({
      ok: true,
      proposals: expect.arrayContaining([{ role: "lan", target: { kind: "interface-list", name: "LAN" } }]),
    });
    const owrtProposals = await rr.proposeRouterRoles(openwrt);
    expect(owrtProposals).toMatchObject({
      ok: true,
      proposals: expect.arrayContaining([
        { role: "lan", target: { kind: "zone", name: "lan" } },
        { role: "wan", target: { kind: "zone", name: "wan" } },
      ]),
    });

    // A list the router does not have: RouterOS would refuse the row mid-push (`input does not match any value of
    // in-interface-list`), so the preview refuses it at the rule's field, naming the lists the router has.
    const admin = h.users.admin.actor;
    expect(
      (
        await rr.setRouterRoles(admin, mikrotik, [
          { role: "lan", target: { kind: "interface-list", name: "LANS" } },
          { role: "wan", target: { kind: "interface", name: "ether1" } },
        ])
      ).ok,
    ).toBe(true);
    const before = ros.state.commands.length;
    const typo = await h.push.previewPush(admin, mikrotik, setId, 1);
    expect(typo).toMatchObject({
      ok: false,
      code: "validation_failed",
      issues: [
        {
          path: "rules.0.inInterface",
          message:
            "the router has no interface list named 'LANS' (it has all, none, dynamic, static, LAN, WAN): RouterOS would refuse the rule; create it on the router, or change the rule (or its role's mapping) to one it has",
        },
        { path: "rules.1.inInterface" },
      ],
    });
    expect(ros.state.commands.slice(before).every(([c]) => c.endsWith("/print"))).toBe(true);

    // Two layouts: the MikroTik's WAN is one port, the OpenWrt's is named by its uci interface (resolved to a zone).
    const setRos = await rr.setRouterRoles(admin, mikrotik, [
      { role: "lan", target: { kind: "interface-list", name: "LAN" } },
      { role: "wan", target: { kind: "interface", name: "ether1" } },
    ]);
    expect(setRos.ok).toBe(true);
    const wrongKind = await rr.setRouterRoles(admin, openwrt, [
      { role: "lan", target: { kind: "interface-list", name: "LAN" } },
    ]);
    expect(wrongKind).toMatchObject({ ok: false, code: "validation_failed" });
    const setOwrt = await rr.setRouterRoles(admin, openwrt, [
      { role: "lan", target: { kind: "zone", name: "lan" } },
      { role: "wan", target: { kind: "device", name: "wan" } },
    ]);
    expect(setOwrt.ok).toBe(true);
    const audit = await h.db.auditEvent.findMany({ where: { action: "router.roles" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.summary)).toEqual([
      "Interface roles of router 'ros-roles': lan → interface list LANS, wan → interface ether1",
      "Interface roles of router 'ros-roles': lan → interface list LAN",
      "Interface roles of router 'owrt-roles': lan → firewall zone lan, wan → device wan",
    ]);

    for (const r of [mikrotik, openwrt]) {
      const d = await h.previewAndPush(r, setId, 1);
      expect(d.status, d.error ?? "").toBe("done");
    }

    // RouterOS holds the roles as its own list and port, read from the peer.
    const rows = ros.rows("ip/firewall/filter").filter((r) => (r.comment ?? "").startsWith("rampart:"));
    const row = (id: string, chain = "input") =>
      rows.find((r) => r.comment?.startsWith(`rampart:${id}`) && r.chain === chain);
    expect(row("rweblan01")).toMatchObject({ "in-interface-list": "LAN", "dst-port": "8080" });
    expect(row("rfwdlan01", "forward")).toMatchObject({ "in-interface-list": "LAN", "out-interface": "ether1" });
    expect(row("rdropwan1")).toMatchObject({ "in-interface": "ether1", action: "drop" });

    // OpenWrt holds them as zones: the device 'wan' resolved to its zone.
    const get = (o: string) => owrtPeer.uci(["get", `firewall.${o}`]).stdout.trim();
    expect(get("rampart_rweblan01.src")).toBe("lan");
    expect(get("rampart_rfwdlan01.src")).toBe("lan");
    expect(get("rampart_rfwdlan01.dest")).toBe("wan");
    expect(get("rampart_rdropwan1.src")).toBe("wan");
    expect(get("rampart_rdropwan1.target")).toBe("DROP");

    // Adopting either router reads the roles back: the rules are the revision's own, nothing turns into a
    // vendor's raw rule or a port name, so the rule set still pushes to the other vendor.
    const { adoptLive } = await import("@/lib/drift");
    const { userEditor } = await import("@/lib/rulesets");
    const editor = userEditor({ id: h.users.admin.userId, username: "alice" });
    for (const r of [mikrotik, openwrt]) {
      const adopted = await adoptLive(editor, r);
      expect(adopted, JSON.stringify(adopted)).toMatchObject({ ok: true, revision: 1, drift: { state: "in-sync" } });
    }
    const head = await h.db.ruleSet.findUnique({ where: { id: setId }, select: { headRevision: true } });
    expect(head!.headRevision).toBe(1);
  });
});
