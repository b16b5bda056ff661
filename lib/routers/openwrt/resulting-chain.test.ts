// The chains fw4 renders after a plan, pure: the replay of the plan's lines, rows in fw4's order, what cannot be
// evaluated. The same against the stand-in through lib/push: tests/integration/push-openwrt-resulting-chain.test.ts.
import { describe, expect, it } from "vitest";
import { walkChain } from "@/lib/push/chain-walk";
import { content, list, rule } from "@/tests/support/rule-fixtures";
import type { RuleSetContent } from "@/lib/rules/schema";
import type { LiveFirewall } from "../driver";
import { stockExport } from "@/tests/support/openwrt-golden/golden";
import { liveFirewallFromExport } from "./live-firewall";
import { openWrtPlanner as planner } from "./planner";
import { sectionsAfterPlan } from "./replay-plan";
import { parseUciExport } from "./uci-export-parse";

const withSections = (extra: string) => liveFirewallFromExport(stockExport().replace(/\n$/, "") + extra);
const chainOf = (live: LiveFirewall, c: RuleSetContent, strategy?: "batch" | "import") => {
  const d = planner.compile(c, live);
  if (!d.ok) throw new Error(JSON.stringify(d.issues));
  const plan = planner.plan(live, d.desired, { strategy });
  return { plan, chain: planner.resultingChain!(live, plan, c) };
};
const mgmt = {
  chain: "input" as const,
  src: "192.0.2.10",
  dst: "192.0.2.1",
  protocol: "tcp" as const,
  dstPort: 22,
  state: "new" as const,
};
const ssh = rule({
  id: "rssh00001",
  family: "ipv4",
  protocol: "tcp",
  dstPorts: [{ from: 22, to: 22 }],
  comment: "ssh",
});
const office = rule({
  id: "roffice01",
  protocol: "tcp",
  dstPorts: [{ from: 443, to: 443 }],
  src: { kind: "list", list: "office", negate: false },
  comment: "web from office",
});

describe("the plan replayed", () => {
  it("a batch plan's lines give the same sections, in the same order, as the import plan's text", () => {
    const live = liveFirewallFromExport(
      chainOf(withSections(""), content([office, ssh], [list("office", ["10.0.0.0/8"])]), "import")
        .plan.ops[0].wire.slice(1)
        .join("\n"),
    );
    const next = content(
      [
        ssh,
        { ...office, dstPorts: [{ from: 8443, to: 8443 }] },
        rule({ id: "rnew00001", action: "drop", comment: "new" }),
      ],
      [list("office", ["10.0.0.0/8", "2001:db8::/32"])],
    );
    const batch = chainOf(live, next, "batch").plan;
    const imported = chainOf(live, next, "import").plan;
    expect(batch.ops[0].wire.some((l) => l.startsWith("reorder "))).toBe(true);
    const shape = (ss: ReturnType<typeof parseUciExport>) =>
      ss.map((s) => [s.type, s.name, Object.fromEntries(s.options)]);
    expect(shape(sectionsAfterPlan(live, batch))).toEqual(
      shape(parseUciExport(imported.ops[0].wire.slice(1).join("\n"))),
    );
  });
});

describe("fw4's chains after the plan", () => {
  it("input: loopback, established, syn_flood, the src '*' rules, then per zone its rules and policy; defaults.input at the end", () => {
    const { chain } = chainOf(withSections(""), content([ssh]));
    const input = chain.rows.filter((r) => r.family === "ipv4" && r.chain === "input");
    expect(input.map((r) => [r.origin, r.verdict, r.label])).toEqual([
      ["built-in", "accept", "Accept traffic from loopback"],
      ["built-in", "accept", "Allow inbound established and related flows"],
      ["built-in", "continue", "Rate limit TCP syn packets (drops new TCP connections only above the syn_flood rate)"],
      ["rampart", "accept", "ssh"],
      ["built-in", "accept", "zone lan: input policy ACCEPT"],
      ["router", "accept", "rule @rule[1]: Allow-DHCP-Renew"],
      ["router", "accept", "rule @rule[2]: Allow-Ping"],
      ["router", "accept", "rule @rule[3]: Allow-IGMP"],
      ["built-in", "reject", "zone wan: input policy REJECT"],
    ]);
    expect(input.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // icmp_type is modelled (issue #20): the stock ping rule is evaluated like any other
    expect(input.find((r) => r.label.endsWith("Allow-Ping"))!.rule).toMatchObject({
      protocol: "icmp",
      icmpTypes: [{ type: 8 }],
    });
    expect(input.find((r) => r.label.endsWith("Allow-DHCP-Renew"))!.rule).toMatchObject({
      protocol: "udp",
      inInterface: "wan",
      dstPorts: [{ from: 68, to: 68 }],
    });
    expect(chain.policies).toContainEqual({ family: "ipv4", chain: "input", verdict: "reject" });
    const forward = chain.rows.filter((r) => r.family === "ipv4" && r.chain === "forward").map((r) => r.label);
    expect(forward.slice(0, 3)).toEqual([
      "Allow forwarded established and related flows",
      "forwarding lan → wan",
      "zone lan: forward policy ACCEPT",
    ]);
  });

  it("the management path: the zone decides where no rule does (unknown); a router rule above Rampart's that drops it decides", () => {
    const open = walkChain(chainOf(withSections(""), content([ssh])).chain, mgmt);
    expect(open).toMatchObject({ decidedBy: { origin: "rampart", ruleId: ssh.id }, verdict: "accept", undecided: [] });
    const zone = walkChain(chainOf(withSections(""), content([office], [list("office", ["10.0.0.0/8"])])).chain, mgmt);
    expect(zone.verdict).toBe("unknown");
    expect(zone.undecided).toEqual([
      {
        row: null,
        reason: expect.stringMatching(
          /^it rejects what no rule decides, but the packet is accepted if it arrives via lo \(Accept traffic from loopback\) or lan \(zone lan: input policy ACCEPT\)/,
        ),
      },
    ]);
    expect(zone.interfaceOnly.map((r) => r.label)).toEqual(["zone wan: input policy REJECT"]);

    const hand = `\nconfig rule 'no_ssh'\n\toption src '*'\n\toption proto 'tcp'\n\toption dest_port '22'\n\toption target 'DROP'\n`;
    const pushed = liveFirewallFromExport(
      chainOf(withSections(""), content([ssh]), "import")
        .plan.ops[0].wire.slice(1)
        .join("\n"),
    );
    const text = (pushed as { uciExport?: string }).uciExport!;
    const above = liveFirewallFromExport(
      text.replace("\nconfig rule 'rampart_rssh00001'", `${hand}\nconfig rule 'rampart_rssh00001'`),
    );
    const walk = walkChain(chainOf(above, content([ssh])).chain, mgmt);
    expect(walk).toMatchObject({ verdict: "drop", decidedBy: { origin: "router", label: "rule no_ssh" } });
    // below Rampart's accept it decides nothing for that path
    expect(
      walkChain(chainOf(liveFirewallFromExport(text.replace(/\n$/, "") + hand), content([ssh])).chain, mgmt),
    ).toMatchObject({ verdict: "accept", decidedBy: { ruleId: ssh.id } });
  });

  it("an include, a set the router fills and an unknown option are rows that cannot be evaluated, never reasons to say open", () => {
    const extra = `
config include
\toption path '/etc/firewall.user'

config ipset
\toption name 'dyn'
\tlist match 'src_ip'
\toption timeout '600'

config rule 'dyn_drop'
\toption src '*'
\toption ipset 'dyn'
\toption target 'DROP'
`;
    const { chain } = chainOf(withSections(extra), content([office], [list("office", ["10.0.0.0/8"])]));
    const walk = walkChain(chain, mgmt);
    expect(walk.verdict).toBe("unknown");
    expect(walk.undecided.map((u) => [u.row?.label ?? null, u.reason])).toEqual(
      expect.arrayContaining([
        ["include /etc/firewall.user", expect.stringMatching(/custom nftables rules/)],
        ["rule dyn_drop", expect.stringMatching(/timed entries the router adds and removes itself/)],
      ]),
    );
  });
});
