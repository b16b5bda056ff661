import { describe, expect, it } from "vitest";
import { SUMMARY_ITEMS, SUMMARY_WIRE_CHARS, summarize, writesOf, type PlanBody } from "./plan-summary";

const op = (i: number, wire = [`/ip/firewall/filter/add`, `=comment=rampart:r${i}`]) => ({ label: `add r${i}`, wire });

function plan(n: number): PlanBody {
  return {
    ops: Array.from({ length: n }, (_, i) => op(i)),
    changes: Array.from({ length: n }, (_, i) => ({ kind: "add" as const, ruleId: `r${i}`, description: `rule ${i}` })),
    counts: { add: n, change: 0, remove: 0, move: 0 },
    notes: [],
    timerWrites: { arm: [op(-1, ["/system/script/add", "x".repeat(SUMMARY_WIRE_CHARS * 3)])], confirm: [op(-2)] },
  };
}

describe("plan summary", () => {
  it("holds the totals and the first items, the timer's writes around the ops in order", () => {
    const s = summarize(plan(45));
    expect(s.counts.add).toBe(45);
    expect(s.opsTotal).toBe(45);
    expect(s.changes).toMatchObject({ total: 45 });
    expect(s.changes.first.map((c) => c.ruleId)).toEqual(Array.from({ length: SUMMARY_ITEMS }, (_, i) => `r${i}`));
    expect(s.writes.total).toBe(47);
    expect(s.writes.first.map((w) => w.group)).toEqual(["arm", ...Array(SUMMARY_ITEMS - 1).fill("change")]);
    expect(writesOf(plan(3)).map((w) => w.group)).toEqual(["arm", "change", "change", "change", "confirm"]);
  });

  it("cuts a long write short and says by how much; short ones stay whole", () => {
    const s = summarize(plan(2));
    const arm = s.writes.first[0];
    const kept = arm.wire.join("").length;
    expect(kept).toBe(SUMMARY_WIRE_CHARS);
    expect(arm.cut).toBe("/system/script/add".length + SUMMARY_WIRE_CHARS * 3 - kept);
    expect(s.writes.first[1].cut).toBeUndefined();
    expect(s.writes.first[1].wire).toEqual(plan(2).ops[0].wire);
  });
});
