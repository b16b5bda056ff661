import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Rule } from "@/lib/rules/schema";
import { rule } from "@/lib/rules/test-fixtures";
import { migrate, useTempDatabase } from "./test-db";

const { dir, url } = useTempDatabase();

let lib: typeof import("./index");
let db: typeof import("@/lib/db/client").db;
let alice: import("./editor").RuleSetActor;

beforeAll(async () => {
  migrate(url);
  lib = await import("./index");
  db = (await import("@/lib/db/client")).db;
  alice = lib.userEditor(await db.user.create({ data: { username: "alice", passwordHash: "x", role: "operator" } }));
});

afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const many = (n: number): Rule[] => Array.from({ length: n }, (_, i) => rule({ id: `rw${String(i).padStart(6, "0")}`, comment: `rule ${i}` }));

/** The working copy as where-used and the API read it: rule ids in position order, each row's JSON. */
async function workingCopy(ruleSetId: string) {
  const rows = await db.rule.findMany({ where: { ruleSetId }, orderBy: { position: "asc" } });
  return rows.map((r) => ({ position: r.position, id: r.ruleId, enabled: r.enabled, action: r.action, rule: JSON.parse(r.data) as Rule }));
}

function expected(rules: Rule[]) {
  return rules.map((r, position) => ({ position, id: r.id, enabled: r.enabled, action: r.action, rule: r }));
}

describe("working-copy rows after a save", () => {
  it.each([
    ["one rule toggled", (rs: Rule[]) => rs.map((r, i) => (i === 3 ? { ...r, enabled: !r.enabled } : r))],
    ["one rule removed and one added", (rs: Rule[]) => [...rs.filter((_, i) => i !== 5), rule({ id: "rwnew001", action: "drop" })]],
    ["the last rule moved to the top", (rs: Rule[]) => [rs[rs.length - 1], ...rs.slice(0, -1)]],
    ["every rule changed", (rs: Rule[]) => rs.map((r) => ({ ...r, comment: `${r.comment}!` }))],
    ["all rules removed", () => []],
  ])("match the new revision exactly: %s", async (name, edit) => {
    const before = many(300);
    const created = await lib.createRuleSet(alice, { name: `wc ${name}`, description: "", content: { rules: before, addressLists: [] } });
    if (!created.ok) throw new Error(created.message);
    const after = edit(before);
    const saved = await lib.saveRuleSet(alice, created.id, { baseRevision: 1, name: `wc ${name}`, description: "", content: { rules: after, addressLists: [] } });
    expect(saved).toEqual({ ok: true, revision: 2 });
    expect(await workingCopy(created.id)).toEqual(expected(after));
  });

  it("still refuses a rule made invalid among unchanged ones (only rules sent back exactly as stored skip the schema)", async () => {
    const before = many(300);
    const created = await lib.createRuleSet(alice, { name: "wc invalid", description: "", content: { rules: before, addressLists: [] } });
    if (!created.ok) throw new Error(created.message);
    const after = before.map((r, i) => (i === 7 ? { ...r, dstPorts: [{ from: 70000, to: 70000 }] } : r));
    const saved = await lib.saveRuleSet(alice, created.id, { baseRevision: 1, name: "wc invalid", description: "", content: { rules: after, addressLists: [] } });
    expect(saved).toMatchObject({ ok: false, kind: "invalid", issues: expect.arrayContaining([{ path: "rules.7.dstPorts.0.from", message: "port 70000 is outside 1-65535" }]) });
    expect(await workingCopy(created.id)).toEqual(expected(before));
  });
});
