// Pure planning: minimal batches, placement in the gaps between foreign rule sections, the import strategy's text, exact restore.
// "After" states come from the planner's own afterText here; push.test.ts checks the same against the stand-in.
import { describe, expect, it } from "vitest";
import { content, list, rule } from "@/tests/support/rule-fixtures";
import type { Rule } from "@/lib/rules/schema";
import type { DesiredFirewall, LiveFirewall, Placement } from "../driver";
import { stockExport } from "@/tests/support/openwrt-golden/golden";
import { liveFirewallFromExport, uciExportOf } from "./live-firewall";
import { chooseStrategy, openWrtPlanner as planner } from "./planner";
import { parseUciExport, renderExport } from "./uci-export-parse";
import { foreignRuleKeys } from "./section-gaps";
import { planSections } from "./plan-sections";
import { renderSection, specFromSection } from "./section-spec";
import { sectionsAfterPlan } from "./replay-plan";
import { desiredOf } from "@/tests/support/openwrt-driver-kit";

const renderSection2 = (s: ReturnType<typeof parseUciExport>[number]) =>
  renderSection(specFromSection(s)).replace(/^config (\w+) '@\w+\[\d+\]'\n/, "config $1\n");

const FOREIGN = `
config rule 'guest_ssh'
\toption name 'Guest-SSH'
\toption src 'lan'
\tlist proto 'tcp'
\tlist dest_port '22'
\toption target 'ACCEPT'

config ipset
\toption name 'blocklist'
\tlist match 'src_net'
\tlist entry '198.51.100.0/24'

`;
const foreignExport = () => stockExport().replace(/\n$/, "") + FOREIGN;

const nRules = (n: number): Rule[] =>
  Array.from({ length: n }, (_, i) =>
    rule({
      id: `rmin${String(i).padStart(4, "0")}`,
      protocol: "tcp",
      dstPorts: [{ from: 1000 + i, to: 1000 + i }],
      comment: `rule ${i}`,
    }),
  );
/** The live state once `desired` was pushed (import text = what uci would hold). */
const pushed = (live: LiveFirewall, desired: DesiredFirewall): LiveFirewall => {
  const plan = planner.plan(live, desired, { strategy: "import" });
  return plan.ops.length ? liveFirewallFromExport(plan.ops[0].wire.slice(1).join("\n")) : live;
};

describe("plan minimality", () => {
  const base = liveFirewallFromExport(foreignExport());
  const rules = nRules(200);
  const live = pushed(base, desiredOf(content(rules)));

  it("an unchanged rule set plans nothing and compares equal", () => {
    const d = desiredOf(content(rules));
    expect(planner.plan(live, d)).toMatchObject({
      ops: [],
      changes: [],
      counts: { add: 0, change: 0, remove: 0, move: 0 },
      baseStateHash: live.stateHash,
    });
    expect(planner.compare(live, d)).toEqual([]);
  });

  it("changing 1 of 200 rules is one set line", () => {
    const changed = rules.map((r, i) => (i === 137 ? { ...r, dstPorts: [{ from: 2222, to: 2222 }] } : r));
    const plan = planner.plan(live, desiredOf(content(changed)));
    expect(plan.ops.map((o) => o.wire)).toEqual([
      ["del_list firewall.rampart_rmin0137.dest_port='1137'", "add_list firewall.rampart_rmin0137.dest_port='2222'"],
    ]);
    const renamed = rules.map((r, i) => (i === 42 ? { ...r, comment: "It's new" } : r));
    const p2 = planner.plan(live, desiredOf(content(renamed)));
    expect(p2.ops.map((o) => o.wire)).toEqual([["set firewall.rampart_rmin0042.name='It'\\''s new'"]]);
    expect(p2.changes).toEqual([
      {
        kind: "change",
        ruleId: "rmin0042",
        description: "change rule rmin0042: name",
        fields: [{ field: "name", old: "rule 42", new: "It's new" }],
      },
    ]);
    expect(p2.counts).toEqual({ add: 0, change: 1, remove: 0, move: 0 });
  });

  it("moving the last rule to the top is one reorder, to the first managed position", () => {
    const moved = [rules[199], ...rules.slice(0, 199)];
    const plan = planner.plan(live, desiredOf(content(moved)));
    const firstManaged = parseUciExport(uciExportOf(live)!).findIndex((s) => s.name === "rampart_rmin0000");
    expect(plan.ops.map((o) => o.wire)).toEqual([[`reorder firewall.rampart_rmin0199=${firstManaged}`]]);
    expect(plan.changes).toEqual([expect.objectContaining({ kind: "move", ruleId: "rmin0199" })]);
    expect(planner.compare(pushed(live, desiredOf(content(moved))), desiredOf(content(moved)))).toEqual([]);
  });

  it("swapping two neighbours is one reorder; removing one rule is one delete; adding one is set + options + one reorder", () => {
    const swapped = [...rules];
    [swapped[10], swapped[11]] = [swapped[11], swapped[10]];
    expect(planner.plan(live, desiredOf(content(swapped))).ops[0].wire).toHaveLength(1);
    expect(planner.plan(live, desiredOf(content(rules.filter((_, i) => i !== 5)))).ops[0].wire).toEqual([
      "delete firewall.rampart_rmin0005",
    ]);
    const added = [...rules.slice(0, 3), rule({ id: "rnew0001", action: "drop" }), ...rules.slice(3)];
    const wire = planner.plan(live, desiredOf(content(added))).ops[0].wire;
    expect(wire.filter((l) => l.startsWith("reorder"))).toHaveLength(1);
    expect(wire[0]).toBe("set firewall.rampart_rnew0001='rule'");
  });

  it("address-list entries change one line each", () => {
    const withList = pushed(
      base,
      desiredOf(
        content(
          [rule({ id: "rlist001", src: { kind: "list", list: "office", negate: false } })],
          [list("office", ["192.0.2.1", "192.0.2.2"])],
        ),
      ),
    );
    const plan = planner.plan(
      withList,
      desiredOf(
        content(
          [rule({ id: "rlist001", src: { kind: "list", list: "office", negate: false } })],
          [list("office", ["192.0.2.2", "192.0.2.3"])],
        ),
      ),
    );
    expect(plan.ops[0].wire).toEqual([
      "del_list firewall.rampart_set_office_4.entry='192.0.2.1'",
      "add_list firewall.rampart_set_office_4.entry='192.0.2.3'",
    ]);
    expect(plan.changes.map((c) => c.description)).toEqual([
      "add 192.0.2.3 to address list 'office' (ipv4)",
      "remove 192.0.2.1 from address list 'office' (ipv4)",
    ]);
  });
});

describe("placement and foreign sections", () => {
  it("puts the managed block right before the first foreign rule; foreign sections keep their text and order", () => {
    const base = liveFirewallFromExport(foreignExport());
    const after = pushed(base, desiredOf(content(nRules(3))));
    const sections = parseUciExport(uciExportOf(after)!);
    const firstForeignRule = sections.findIndex((s) => s.type === "rule" && !s.name?.startsWith("rampart_"));
    expect(sections.slice(firstForeignRule - 3, firstForeignRule).map((s) => s.name)).toEqual([
      "rampart_rmin0000",
      "rampart_rmin0001",
      "rampart_rmin0002",
    ]);
    const foreign = (l: LiveFirewall) =>
      parseUciExport(uciExportOf(l)!)
        .filter((s) => !s.name?.startsWith("rampart_"))
        .map((s) => s.text);
    expect(foreign(after)).toEqual(foreign(base));
  });

  it("batch and import reach the same config text", () => {
    const base = liveFirewallFromExport(foreignExport());
    const d = desiredOf(content(nRules(5), [list("office", ["192.0.2.1"])]));
    const viaImport = uciExportOf(pushed(base, d))!;
    // the batch lines, run through planSections' simulation of uci, give the same order and sections
    const batch = planSections(
      parseUciExport(foreignExport()),
      parseUciExport(viaImport)
        .filter((s) => s.name?.startsWith("rampart_"))
        .map(specFromSection),
      "exact",
    );
    expect(batch.afterText).toBe(viaImport);
  });
});

describe("gaps between foreign rule sections", () => {
  // stock rule sections: 0 Allow-DHCP-Renew, 1 Allow-Ping, 2 Allow-IGMP, ... 8 Allow-ISAKMP (all anonymous)
  const ids = (order: string[]) =>
    desiredOf(
      content(order.map((id) => rule({ id, protocol: "tcp", dstPorts: [{ from: 2000, to: 2000 }], comment: id }))),
    );
  const fresh = pushed(liveFirewallFromExport(stockExport()), ids(["ra000001", "rb000001", "rc000001"]));
  const managed = new Map(
    parseUciExport(uciExportOf(fresh)!)
      .filter((s) => s.name?.startsWith("rampart_"))
      .map((s) => [s.name!, s.text]),
  );
  const stock = parseUciExport(stockExport());
  const foreignRule = (i: number) => stock.filter((s) => s.type === "rule")[i].text;
  const layout = (parts: string[]) => {
    const texts = parts.map((p) => (p.startsWith("rampart_") ? managed.get(p)! : foreignRule(Number(p))));
    const head = stock.filter((s) => s.type !== "rule").map((s) => s.text);
    const rest = stock
      .filter((s) => s.type === "rule")
      .map((s) => s.text)
      .filter((t) => !texts.includes(t));
    return liveFirewallFromExport(renderExport([...head, ...texts, ...rest]));
  };
  /** Section order after the plan (import text): managed names, foreign rules by stock index. */
  const order = (live: LiveFirewall, d: DesiredFirewall, placement?: Placement) => {
    const plan = planner.plan(live, d, { strategy: "import", placement });
    const text = plan.ops.length ? plan.ops[0].wire.slice(1).join("\n") : uciExportOf(live)!;
    const rules = stock.filter((s) => s.type === "rule").map((s) => s.text);
    return parseUciExport(text)
      .filter((s) => s.type === "rule")
      .map((s) => s.name ?? String(rules.indexOf(s.text)))
      .slice(0, 6);
  };
  const keyOf = (i: number) => foreignRuleKeys(stock)[i];

  it("a fresh router gets one block right before the first foreign rule; every rule is recorded there", () => {
    const plan = planner.plan(liveFirewallFromExport(stockExport()), ids(["ra000001", "rb000001", "rc000001"]));
    expect(plan.placement).toEqual({
      rampart_ra000001: keyOf(0),
      rampart_rb000001: keyOf(0),
      rampart_rc000001: keyOf(0),
    });
    expect(order(liveFirewallFromExport(stockExport()), ids(["ra000001", "rb000001", "rc000001"]))).toEqual([
      "rampart_ra000001",
      "rampart_rb000001",
      "rampart_rc000001",
      "0",
      "1",
      "2",
    ]);
  });

  it("foreign rule sections are keyed by name or content digest, not by @rule[N]; duplicates are numbered", () => {
    expect(keyOf(0)).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(new Set(foreignRuleKeys(stock)).size).toBe(9);
    // adding managed sections in front shifts @rule[N] but not the keys
    expect(foreignRuleKeys(parseUciExport(uciExportOf(fresh)!))).toEqual(foreignRuleKeys(stock));
    const dup = parseUciExport(
      renderExport([stock[4].text, stock[4].text, "config rule 'mine'\n\toption target 'DROP'\n"]),
    );
    expect(foreignRuleKeys(dup)).toEqual([keyOf(0), `${keyOf(0)}#2`, "mine"]);
  });

  it("rules keep the gaps between foreign rule sections they were pushed into (or, unrecorded, sit in); new ones join the rule before them", () => {
    // a taken-over router: a, DHCP-Renew, b, c, Ping, ...
    const live = layout(["rampart_ra000001", "0", "rampart_rb000001", "rampart_rc000001", "1"]);
    const same = planner.plan(live, ids(["ra000001", "rb000001", "rc000001"]));
    expect(same.ops).toEqual([]);
    expect(same.placement).toEqual({
      rampart_ra000001: keyOf(0),
      rampart_rb000001: keyOf(1),
      rampart_rc000001: keyOf(1),
    });
    expect(planner.compare(live, ids(["ra000001", "rb000001", "rc000001"]), { placement: same.placement })).toEqual([]);

    // a new rule after b lands beside b, below DHCP-Renew; a new first rule lands on top
    const d = ids(["rnew0001", "ra000001", "rb000001", "rnew0002", "rc000001"]);
    const added = planner.plan(live, d, { placement: same.placement });
    expect(added.counts).toEqual({ add: 2, change: 0, remove: 0, move: 0 });
    expect(order(live, d, same.placement)).toEqual([
      "rampart_rnew0001",
      "rampart_ra000001",
      "0",
      "rampart_rb000001",
      "rampart_rnew0002",
      "rampart_rc000001",
    ]);
    expect(added.placement).toMatchObject({ rampart_rnew0001: keyOf(0), rampart_rnew0002: keyOf(1) });

    // c moved to the top of the rule set: c alone moves, above a
    const moved = planner.plan(live, ids(["rc000001", "ra000001", "rb000001"]), { placement: same.placement });
    expect(moved.counts.move).toBe(1);
    expect(moved.ops[0].wire.filter((l) => l.startsWith("reorder"))).toHaveLength(1);
    expect(order(live, ids(["rc000001", "ra000001", "rb000001"]), same.placement)).toEqual([
      "rampart_rc000001",
      "rampart_ra000001",
      "0",
      "rampart_rb000001",
      "1",
      "2",
    ]);

    // a rule after the last foreign rule section is recorded as null and stays at the end
    const tail = layout(["0", "1", "2", "3", "4", "5", "6", "7", "8", "rampart_ra000001"]);
    const atEnd = planner.plan(tail, ids(["ra000001"]));
    expect(atEnd.ops).toEqual([]);
    expect(atEnd.placement).toEqual({ rampart_ra000001: null });
  });

  it("the recorded placement wins over where a section is now: a section moved by hand across a foreign rule is drift and moves back", () => {
    const live = layout(["rampart_ra000001", "0", "rampart_rb000001", "rampart_rc000001", "1"]);
    const placement = planner.plan(live, ids(["ra000001", "rb000001", "rc000001"])).placement!;
    const handMoved = layout(["0", "rampart_ra000001", "rampart_rb000001", "rampart_rc000001", "1"]);
    expect(
      planner.compare(handMoved, ids(["ra000001", "rb000001", "rc000001"]), { placement }).map((c) => c.kind),
    ).toEqual(["move"]);
    const back = planner.plan(handMoved, ids(["ra000001", "rb000001", "rc000001"]), { placement });
    expect(back.ops[0].wire).toEqual([expect.stringMatching(/^reorder firewall\.rampart_ra000001=\d+$/)]);
    expect(order(handMoved, ids(["ra000001", "rb000001", "rc000001"]), placement)).toEqual([
      "rampart_ra000001",
      "0",
      "rampart_rb000001",
      "rampart_rc000001",
      "1",
      "2",
    ]);
    // without the record the rules stay where they are
    expect(planner.compare(handMoved, ids(["ra000001", "rb000001", "rc000001"]))).toEqual([]);
    // a record naming a foreign section that is gone: the section keeps the gap it is in
    expect(
      planner.plan(handMoved, ids(["ra000001", "rb000001", "rc000001"]), {
        placement: { ...placement, rampart_ra000001: "gone_rule" },
      }).ops,
    ).toEqual([]);
  });

  it("a restore puts sections back between the same foreign rule sections as before, whatever was recorded", () => {
    const before = layout(["rampart_ra000001", "0", "rampart_rb000001", "rampart_rc000001", "1"]);
    const plan = planner.plan(before, ids(["rc000001", "ra000001"]), { strategy: "import" });
    const after = liveFirewallFromExport(plan.ops[0].wire.slice(1).join("\n"));
    // the batch's reorders are checked against the same simulated order the import text is rendered from
    expect(planner.restorePlan(after, before, { strategy: "import" }).ops[0].wire.slice(1).join("\n")).toBe(
      uciExportOf(before),
    );
    // b is added again and c moved back below DHCP-Renew: one reorder each
    expect(
      planner.restorePlan(after, before, { strategy: "batch" }).ops[0].wire.filter((l) => l.startsWith("reorder")),
    ).toHaveLength(2);
  });

  it("sets stay in the top gap ahead of the rules", () => {
    const d = desiredOf(
      content(
        [rule({ id: "rlist001", src: { kind: "list", list: "office", negate: false } })],
        [list("office", ["192.0.2.1"])],
      ),
    );
    const live = liveFirewallFromExport(stockExport());
    const text = planner.plan(live, d, { strategy: "import" }).ops[0].wire.slice(1).join("\n");
    const sections = parseUciExport(text);
    const first = sections.findIndex((s) => s.type === "rule" && !s.name?.startsWith("rampart_"));
    const block = sections.slice(0, first).filter((s) => s.name?.startsWith("rampart_"));
    expect(block.map((s) => s.name)).toEqual(sections.slice(first - block.length, first).map((s) => s.name));
    expect(block.map((s) => s.type)).toEqual(["ipset", "ipset", "rule", "rule"]);
    expect(planner.plan(live, d).placement).toEqual({ rampart_rlist001_4: keyOf(0), rampart_rlist001_6: keyOf(0) });
  });
});

describe("write strategy (docs/openwrt-uci.md §9)", () => {
  it("batches small diffs and imports large ones", () => {
    expect(chooseStrategy(1, 2000)).toBe("batch");
    expect(chooseStrategy(12, 2000)).toBe("batch");
    expect(chooseStrategy(60, 2000)).toBe("import");
    expect(chooseStrategy(300, 20)).toBe("batch");
    expect(chooseStrategy(1200, 20)).toBe("import");
    const base = liveFirewallFromExport(foreignExport());
    const plan = planner.plan(base, desiredOf(content(nRules(200))));
    expect(plan.ops).toHaveLength(1);
    expect(plan.ops[0].wire[0]).toMatch(/^# rampart: uci import firewall, base sha256 [0-9a-f]{64}$/);
    expect(plan.ops[0].wire[1]).toBe("package firewall");
    expect(plan.counts.add).toBe(200);
  });
});

describe("restorePlan", () => {
  it("puts the managed sections back exactly (option order, list order, positions)", () => {
    const base = liveFirewallFromExport(foreignExport());
    const before = pushed(
      base,
      desiredOf(content(nRules(6), [list("office", ["192.0.2.1", "192.0.2.2", "192.0.2.3"])])),
    );
    const changed = nRules(6)
      .reverse()
      .map((r, i) => (i === 2 ? { ...r, comment: "", log: true } : r));
    changed.splice(4, 1);
    const after = pushed(before, desiredOf(content(changed, [list("office", ["192.0.2.3", "192.0.2.9"])])));
    for (const strategy of ["batch", "import"] as const) {
      const restore = planner.restorePlan(after, before, { strategy });
      expect(restore.ops).toHaveLength(1);
      const text =
        strategy === "import"
          ? restore.ops[0].wire.slice(1).join("\n")
          : planSections(
              parseUciExport(uciExportOf(after)!),
              parseUciExport(uciExportOf(before)!)
                .filter((s) => s.name?.startsWith("rampart_"))
                .map(specFromSection),
              "exact",
            ).afterText;
      expect(text).toBe(uciExportOf(before));
    }
    expect(planner.restorePlan(before, before).ops).toEqual([]);
  });
});

describe("a foreign rule section added by hand among Rampart's 500 (#17.4)", () => {
  const rules = nRules(500);
  const d = desiredOf(content(rules));
  const first = planner.plan(liveFirewallFromExport(stockExport()), d, { strategy: "import" });
  const text = first.ops[0].wire.slice(1).join("\n");
  const hand =
    "config rule\n\toption name 'emergency'\n\toption src '*'\n\tlist proto 'tcp'\n\tlist dest_port '8080'\n\toption target 'DROP'\n\n";
  const withHand = (before: string) =>
    liveFirewallFromExport(text.replace(`config rule '${before}'`, `${hand}config rule '${before}'`));
  const ruleOrder = (live: LiveFirewall) =>
    parseUciExport(uciExportOf(live)!)
      .filter((s) => s.type === "rule")
      .map((s) => s.name ?? s.options.get("name"));

  for (const at of [250, 499]) {
    it(`inserted above managed section #${at}: one difference, one reorder of that section, Rampart's block whole again`, () => {
      const live = withHand(`rampart_rmin${String(at).padStart(4, "0")}`);
      expect(planner.compare(live, d, { placement: first.placement })).toEqual([
        expect.objectContaining({
          kind: "move",
          ruleId: null,
          description: expect.stringMatching(/"emergency" back below Rampart's rules/),
        }),
      ]);
      const plan = planner.plan(live, d, { placement: first.placement, strategy: "import" });
      expect(plan.ops.map((o) => o.wire)).toEqual([[`reorder firewall.@rule[${at}]=504`]]);
      const after = liveFirewallFromExport(renderExport(sectionsAfterPlan(live, plan).map(renderSection2)));
      expect(ruleOrder(after).slice(499, 502)).toEqual(["rampart_rmin0499", "emergency", "Allow-DHCP-Renew"]);
      expect(planner.compare(after, d, { placement: plan.placement })).toEqual([]);
    });
  }

  it("right below the block it changes nothing Rampart's rules see: no difference, nothing to push", () => {
    const below = liveFirewallFromExport(
      text.replace(/(config rule 'rampart_rmin0499'\n(?:\t.*\n)*)\n/, `$1\n${hand}`),
    );
    expect(planner.compare(below, d, { placement: first.placement })).toEqual([]);
    expect(planner.plan(below, d, { placement: first.placement }).ops).toEqual([]);
  });
});
