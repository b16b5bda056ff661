import { describe, expect, it } from "vitest";
import { diffRuleSets } from "./diff";
import { exportRuleSet, parseRuleSetExport } from "./export-format";
import { makeNatRule } from "./make-nat-rule";
import type { RuleSetContent } from "./schema";

const web = makeNatRule(
  {
    inInterface: "ether1",
    dstPorts: [{ from: 8080, to: 8080 }],
    toAddress: "192.168.88.10",
    toPort: 80,
    comment: "web",
  },
  () => "rnatweb01",
);
const base: RuleSetContent = { rules: [], addressLists: [] };

describe("NAT in history diffs and export files", () => {
  it("a set without NAT diffs as before: no nat key, no natChanges", () => {
    const d = diffRuleSets(base, { ...base, nat: [] });
    expect(d).not.toHaveProperty("nat");
    expect(d.summary).not.toHaveProperty("natChanges");
    expect(d.summary.identical).toBe(true);
  });

  it("an added, then changed port forward is shown as its sentence, and the revisions are not identical", () => {
    const added = diffRuleSets(base, { ...base, nat: [web] });
    expect(added.nat?.added).toEqual([
      { id: "rnatweb01", index: 0, text: "forward tcp port 8080 in via ether1 to 192.168.88.10:80 (web)" },
    ]);
    expect(added.summary).toMatchObject({ natChanges: 1, identical: false });
    const changed = diffRuleSets({ ...base, nat: [web] }, { ...base, nat: [{ ...web, toPort: 8000 }] });
    expect(changed.nat?.changed).toEqual([
      {
        id: "rnatweb01",
        index: 0,
        oldText: "forward tcp port 8080 in via ether1 to 192.168.88.10:80 (web)",
        newText: "forward tcp port 8080 in via ether1 to 192.168.88.10:8000 (web)",
      },
    ]);
  });

  it("an export carries the NAT rules and reads back the same; one without them has no nat key", () => {
    const meta = { name: "edge", description: "" };
    const file = JSON.parse(JSON.stringify(exportRuleSet(meta, { ...base, nat: [web] })));
    expect(file.ruleSet.nat).toHaveLength(1);
    const back = parseRuleSetExport(file);
    expect(back.ok && back.content.nat).toEqual([web]);
    expect(exportRuleSet(meta, base).ruleSet).not.toHaveProperty("nat");
  });
});
