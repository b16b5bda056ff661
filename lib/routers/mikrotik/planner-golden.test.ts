import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rule } from "@/tests/support/rule-fixtures";
import { ruleSetContentSchema, type RuleSetContent } from "@/lib/rules/schema";
import type { LiveFirewall, LiveFirewallItem, Placement } from "../driver";
import { parseManagedComment } from "./managed-comment";
import { mikrotikPlanner } from "./planner";

/**
 * Golden tests (like fwbuilder's test/ipt): each testdata/<name>.json rule set (plus, optionally, what the
 * router holds) is compiled and planned; the result must equal the committed testdata/<name>.golden word for
 * word. After an intended change: `UPDATE_GOLDEN=1 npx vitest run lib/routers/mikrotik/planner-golden.test.ts`,
 * then read the diff before committing it.
 */
const DIR = path.join(import.meta.dirname, "testdata");

interface Fixture {
  about: string;
  validate?: boolean;
  content: { rules: Partial<RuleSetContent["rules"][number]>[]; addressLists: RuleSetContent["addressLists"] };
  live?: (Omit<LiveFirewallItem, "managedId" | "dynamic"> & { dynamic?: boolean })[];
  /** The placement recorded by the last push (PushPlan.placement). */
  placement?: Placement;
}

export function liveFrom(items: Fixture["live"] = []): LiveFirewall {
  return {
    items: items.map((i) => ({
      ...i,
      dynamic: i.dynamic ?? false,
      managedId: parseManagedComment(i.raw.comment)?.id ?? null,
      raw: { ".id": i.ref, ...i.raw },
    })),
    stateHash: "golden-state",
  };
}

function render(f: Fixture): string {
  const content: RuleSetContent = { rules: f.content.rules.map((r) => rule(r)), addressLists: f.content.addressLists };
  if (f.validate !== false) {
    const parsed = ruleSetContentSchema.safeParse(content);
    if (!parsed.success)
      throw new Error(
        `fixture is not a valid rule set: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
  }
  const out: string[] = [`# ${f.about}`];
  const compiled = mikrotikPlanner.compile(content);
  if (!compiled.ok) {
    out.push("", "## compile issues");
    for (const i of compiled.issues)
      out.push(`${i.ruleIndex === null ? "lists" : `rule ${i.ruleIndex} ${i.ruleId}`} ${i.field}: ${i.message}`);
    return out.join("\n") + "\n";
  }
  if (compiled.desired.notes.length) {
    out.push("", "## notes");
    for (const n of compiled.desired.notes) out.push(`${n.ruleId}: ${n.message}`);
  }
  const plan = mikrotikPlanner.plan(liveFrom(f.live), compiled.desired, { placement: f.placement });
  out.push(
    "",
    `## ops (add ${plan.counts.add}, change ${plan.counts.change}, remove ${plan.counts.remove}, move ${plan.counts.move})`,
  );
  for (const op of plan.ops) out.push(`# ${op.label}`, JSON.stringify(op.wire));
  out.push("", "## changes");
  for (const c of plan.changes) {
    out.push(`${c.kind} ${c.ruleId ?? "-"}: ${c.description}`);
    for (const fc of c.fields ?? [])
      out.push(`    ${fc.field}: ${JSON.stringify(fc.old)} -> ${JSON.stringify(fc.new)}`);
  }
  return out.join("\n") + "\n";
}

describe("golden: compile + plan", () => {
  const names = readdirSync(DIR)
    .filter((n) => n.endsWith(".json"))
    .map((n) => n.slice(0, -5));
  it("has fixtures", () => expect(names.length).toBeGreaterThanOrEqual(5));
  it.each(names)("%s", (name) => {
    const fixture = JSON.parse(readFileSync(path.join(DIR, `${name}.json`), "utf8")) as Fixture;
    const got = render(fixture);
    const file = path.join(DIR, `${name}.golden`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, got);
    expect(got).toBe(readFileSync(file, "utf8"));
  });
});
