import { describe, expect, it } from "vitest";
import { rule } from "@/tests/support/rule-fixtures";
import { nameRulesInPlan } from "./name-rules";

describe("rules named in a plan", () => {
  it("says '#2 web' where the planner wrote the rule's id, and leaves the wire alone", () => {
    const rules = [rule({ id: "rssh0001", comment: "ssh" }), rule({ id: "rweb0001", comment: "web" })];
    const plan = {
      ops: [
        {
          label: "add rule rweb0001 to ipv4 input above *7 (tcp dst-port=80)",
          wire: ["/ip/firewall/filter/add", "=comment=rampart:rweb0001 web"],
        },
      ],
      changes: [
        { kind: "add" as const, ruleId: "rweb0001", description: "add rule rweb0001" },
        { kind: "remove" as const, ruleId: "rold0001", description: "remove rule rold0001 (ipv4 input)" },
      ],
      counts: { add: 1, change: 0, remove: 1, move: 0 },
      baseStateHash: "h",
    };
    const named = nameRulesInPlan(plan, rules);
    expect(named.ops[0].label).toBe("add rule #2 web to ipv4 input above *7 (tcp dst-port=80)");
    expect(named.ops[0].wire).toEqual(plan.ops[0].wire);
    expect(named.changes.map((c) => c.description)).toEqual(["add rule #2 web", "remove rule rold0001 (ipv4 input)"]);
  });
});
