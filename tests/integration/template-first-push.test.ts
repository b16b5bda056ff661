// Issue #20 item 5: the template "block all incoming except a trusted address" goes through at its first push on
// both vendors (the lockout guard is satisfied because the management address is the one the router sees Rampart
// connect from, read from a real connection), and still blocks everything else: read back from each router and run
// through the packet tester on its live rules.
import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { buildFromTemplate, describeTemplate } from "@/lib/rules/templates";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import { addRouter, newRuleSet, setupPushDatabase, openWrtPushHooks, addOpenWrtRouter } from "./push-fixture";

vi.setConfig({ testTimeout: 120_000 });

const dir = setupPushDatabase("template-first-push");
const h = openWrtPushHooks();
let ros: RouterOsPeer | null = null;
afterAll(async () => {
  await ros?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a template's first push", () => {
  it("goes through on RouterOS and OpenWrt with the management address the router sees, and blocks the rest", async () => {
    ros = await startRouterOsPeer({ seed: { foreign: true, fasttrack: true } });
    const owrtPeer = await h.newPeer();
    const routers = [
      { id: await addRouter("ros-tpl", ros), port: ros.port },
      { id: await addOpenWrtRouter("owrt-tpl", owrtPeer), port: owrtPeer.port },
    ];
    const { managementAddressOf } = await import("@/lib/inventory/management-address");
    const rr = await import("@/lib/inventory/router-roles");
    const { testPacketOnRouter } = await import("@/lib/analysis/live-packet-test");

    for (const [i, r] of routers.entries()) {
      const seen = await managementAddressOf(r.id);
      expect(seen).toEqual({ ok: true, address: "127.0.0.1" });
      if (!seen.ok) return;
      // role lan from the router's own proposal (one click in the UI), so the LAN services rules can compile
      const proposals = await rr.proposeRouterRoles(r.id);
      if (!proposals.ok) throw new Error(proposals.message);
      const lan = proposals.proposals.filter((p) => p.role === "lan");
      expect(lan).toHaveLength(1);
      expect((await rr.setRouterRoles(h.users.admin.actor, r.id, lan)).ok).toBe(true);

      const params = { trusted: ["192.0.2.10"], management: [seen.address], lanServices: true };
      const built = buildFromTemplate("block-incoming-except-trusted", params);
      if (!built.ok) throw new Error(JSON.stringify(built.issues));
      expect(describeTemplate("block-incoming-except-trusted", params)).toContain(
        "from the management address 127.0.0.1;",
      );
      const setId = await newRuleSet(h.users.admin.userId, `tpl-${i}`, built.content);
      expect((await h.push.assignRuleSet(h.users.admin.actor, r.id, setId)).ok).toBe(true);

      const p = await h.preview(r.id, setId, 1);
      expect(p.lockout).toMatchObject({ checked: true, blockedBy: null });
      const d = await h.startAndWait(r.id, setId, 1, p.id);
      expect(d.status, d.error ?? "").toBe("done");

      // Live rules, read from the router: a stranger's SSH is dropped, Rampart's own connection is accepted.
      const packet = (src: string, dstPort: number) =>
        ({ chain: "input", src, dst: "192.0.2.1", protocol: "tcp", srcPort: 40000, dstPort, state: "new" }) as const;
      const stranger = await testPacketOnRouter(r.id, packet("203.0.113.7", 22));
      if (!stranger.ok) throw new Error(stranger.message);
      expect(stranger.view.result.verdict).toBe("drop");
      expect(stranger.view.result.decidedBy?.comment).toBe("drop all other incoming traffic");
      const rampart = await testPacketOnRouter(r.id, packet("127.0.0.1", r.port));
      if (!rampart.ok) throw new Error(rampart.message);
      expect(rampart.view.result.verdict).toBe("accept");
      expect(rampart.view.result.decidedBy?.comment).toBe("accept from management (Rampart)");
      // IPv6 neighbour discovery is not dropped.
      const nd = await testPacketOnRouter(r.id, {
        chain: "input",
        src: "fe80::1",
        dst: "ff02::1",
        protocol: "icmpv6",
        state: "new",
      });
      if (!nd.ok) throw new Error(nd.message);
      expect(nd.view.result.verdict).toBe("accept");
    }
  });
});
