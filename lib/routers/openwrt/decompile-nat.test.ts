import { describe, expect, it } from "vitest";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import type { NatRule, RuleSetContent } from "@/lib/rules/schema";
import { stockExport } from "@/tests/support/openwrt-golden/golden";
import { liveFirewallFromExport } from "./live-firewall";
import { openWrtPlanner as planner } from "./planner";

const nat = (id: string, fields: Partial<Omit<NatRule, "id">>) => makeNatRule(fields, () => id);
const forward = nat("rnatfwd01", {
  comment: "web server",
  inInterface: "wan",
  src: { kind: "addresses", values: ["198.51.100.0/24"], negate: true },
  dstPorts: [{ from: 8080, to: 8080 }],
  toAddress: "192.168.1.10",
  toPort: 80,
  log: true,
});
const masq = nat("rnatmasq01", { kind: "masquerade", protocol: "any", outInterface: "wan" });
const snat = nat("rnatsnat01", {
  kind: "snat",
  protocol: "udp",
  outInterface: "wan",
  dst: { kind: "addresses", values: ["203.0.113.0/24"], negate: true },
  dstPorts: [{ from: 1000, to: 2000 }],
  toAddress: "203.0.113.5",
  enabled: false,
});
let n = 0;
const newId = () => `rimport${String(++n).padStart(3, "0")}`;

/** The stock config after a push of `c` (the import op's text). */
function pushed(c: RuleSetContent): string {
  const live = liveFirewallFromExport(stockExport());
  const compiled = planner.compile(c, live);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  return planner.plan(live, compiled.desired, { strategy: "import" }).ops[0].wire.slice(1).join("\n");
}

describe("OpenWrt NAT sections read back as NAT rules (decompile-nat.ts)", () => {
  it("adopting Rampart's own redirect and nat sections gives the pushed NAT rules, ids and all", () => {
    const c: RuleSetContent = { rules: [], addressLists: [], nat: [forward, masq, snat] };
    const r = planner.decompile!(liveFirewallFromExport(pushed(c)), { managedOnly: true, newId });
    expect(r.skipped).toEqual([]);
    expect(r.content.nat).toEqual([forward, masq, snat]);
  });

  it("the router's own port forward imports as a NAT rule with a claim when reflection is off; LuCI's default (reflection on) stays a raw rule", () => {
    const text =
      stockExport() +
      "\nconfig redirect\n\toption name 'cam'\n\toption src 'wan'\n\toption dest 'lan'\n\toption proto 'tcp'\n" +
      "\toption src_dport '8443'\n\toption dest_ip '192.168.1.20'\n\toption dest_port '443'\n\toption reflection '0'\n\toption target 'DNAT'\n" +
      "\nconfig redirect\n\toption name 'nas'\n\toption src 'wan'\n\toption dest 'lan'\n\toption proto 'tcp'\n" +
      "\toption src_dport '5000'\n\toption dest_ip '192.168.1.30'\n\toption target 'DNAT'\n";
    const r = planner.decompile!(liveFirewallFromExport(text), { managedOnly: false, newId });
    expect(r.content.nat).toEqual([
      expect.objectContaining({
        kind: "port-forward",
        comment: "cam",
        inInterface: "wan",
        protocol: "tcp",
        dstPorts: [{ from: 8443, to: 8443 }],
        toAddress: "192.168.1.20",
        toPort: 443,
      }),
    ]);
    const natId = r.content.nat![0].id;
    expect(r.origins).toContainEqual(expect.objectContaining({ kind: "nat", ruleId: natId }));
    // reflection on: kept whole as a raw redirect rule, as before
    expect(r.content.rules.filter((x) => x.raw?.type === "redirect").map((x) => x.comment)).toEqual(["nas"]);

    // pushing the import with "take ownership" renames the router's redirect in place
    const live = liveFirewallFromExport(text);
    const compiled = planner.compile(r.content, live);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    const plan = planner.plan(live, compiled.desired, { claims: r.origins ?? [] });
    const wire = plan.ops.flatMap((o) => o.wire);
    expect(wire).toContain(`rename firewall.@redirect[0]=rampart_${natId}`);
    expect(plan.claimed).toContainEqual(expect.objectContaining({ kind: "nat" }));
  });
});
