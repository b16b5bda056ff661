import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Rule } from "@/lib/rules/schema";
import { rule } from "@/tests/support/rule-fixtures";
import { migrate, tempDatabase } from "@/tests/support/temp-database";

const { dir, url } = tempDatabase();

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

const many = (n: number): Rule[] =>
  Array.from({ length: n }, (_, i) => rule({ id: `rw${String(i).padStart(6, "0")}`, comment: `rule ${i}` }));

/** The working copy as where-used and the API read it: rule ids in position order, each row's JSON. */
async function workingCopy(ruleSetId: string) {
  const rows = await db.rule.findMany({ where: { ruleSetId }, orderBy: { position: "asc" } });
  return rows.map((r) => ({
    position: r.position,
    id: r.ruleId,
    enabled: r.enabled,
    action: r.action,
    rule: JSON.parse(r.data) as Rule,
  }));
}

function expected(rules: Rule[]) {
  return rules.map((r, position) => ({ position, id: r.id, enabled: r.enabled, action: r.action, rule: r }));
}

describe("working-copy rows after a save", () => {
  it.each([
    ["one rule toggled", (rs: Rule[]) => rs.map((r, i) => (i === 3 ? { ...r, enabled: !r.enabled } : r))],
    [
      "one rule removed and one added",
      (rs: Rule[]) => [...rs.filter((_, i) => i !== 5), rule({ id: "rwnew001", action: "drop" })],
    ],
    ["the last rule moved to the top", (rs: Rule[]) => [rs[rs.length - 1], ...rs.slice(0, -1)]],
    ["every rule changed", (rs: Rule[]) => rs.map((r) => ({ ...r, comment: `${r.comment}!` }))],
    ["all rules removed", () => []],
  ])("match the new revision exactly: %s", async (name, edit) => {
    const before = many(300);
    const created = await lib.createRuleSet(alice, {
      name: `wc ${name}`,
      description: "",
      content: { rules: before, addressLists: [] },
    });
    if (!created.ok) throw new Error(created.message);
    const after = edit(before);
    const saved = await lib.saveRuleSet(alice, created.id, {
      baseRevision: 1,
      name: `wc ${name}`,
      description: "",
      content: { rules: after, addressLists: [] },
    });
    expect(saved).toEqual({ ok: true, revision: 2 });
    expect(await workingCopy(created.id)).toEqual(expected(after));
  });

  it("still refuses a rule made invalid among unchanged ones (only rules sent back exactly as stored skip the schema)", async () => {
    const before = many(300);
    const created = await lib.createRuleSet(alice, {
      name: "wc invalid",
      description: "",
      content: { rules: before, addressLists: [] },
    });
    if (!created.ok) throw new Error(created.message);
    const after = before.map((r, i) => (i === 7 ? { ...r, dstPorts: [{ from: 70000, to: 70000 }] } : r));
    const saved = await lib.saveRuleSet(alice, created.id, {
      baseRevision: 1,
      name: "wc invalid",
      description: "",
      content: { rules: after, addressLists: [] },
    });
    expect(saved).toMatchObject({
      ok: false,
      kind: "invalid",
      issues: expect.arrayContaining([{ path: "rules.7.dstPorts.0.from", message: "port 70000 is outside 1-65535" }]),
    });
    expect(await workingCopy(created.id)).toEqual(expected(before));
  });

  it("rows hold each rule's canonical text; older rows still save, hash the same and are rewritten canonical", async () => {
    const { canonicalJson, contentHash } = await import("./content-hash");
    const { expandRuleRefs } = await import("./expand-rule-refs");
    const before = many(300);
    const created = await lib.createRuleSet(alice, {
      name: "wc canonical",
      description: "",
      content: { rules: before, addressLists: [] },
    });
    if (!created.ok) throw new Error(created.message);
    const rows = () => db.rule.findMany({ where: { ruleSetId: created.id } });
    for (const r of await rows()) {
      expect(r.dataCanonical).toBe(true);
      expect(r.data).toBe(canonicalJson(JSON.parse(r.data)));
    }
    // As rows were written before canonical text: JSON.stringify of the rule, flagged so.
    for (const r of before)
      await db.rule.update({
        where: { ruleSetId_ruleId: { ruleSetId: created.id, ruleId: r.id } },
        data: { data: JSON.stringify(r), dataCanonical: false },
      });

    // The editor's save: one rule toggled, every other rule sent as its id.
    const save = async (base: number, rules: (string | Record<string, unknown>)[]) => {
      const ex = await expandRuleRefs(created.id, base, { rules, addressLists: [] });
      if (!ex.ok) throw new Error(ex.message);
      return lib.saveRuleSet(alice, created.id, {
        baseRevision: base,
        name: "wc canonical",
        description: "",
        content: ex.content,
        storedRule: (x) => ex.expanded.has(x),
        working: ex.working,
        texts: ex.texts,
      });
    };
    const toggled = before.map((r, i) => (i === 0 ? { ...r, enabled: !r.enabled } : r));
    expect(await save(1, [toggled[0], ...before.slice(1).map((r) => r.id)])).toEqual({ ok: true, revision: 2 });
    const rev2 = await db.ruleSetRevision.findUniqueOrThrow({
      where: { ruleSetId_number: { ruleSetId: created.id, number: 2 } },
    });
    expect(rev2.contentHash).toBe(contentHash({ rules: toggled, addressLists: [] }));
    expect(rev2.content).toBe(canonicalJson({ rules: toggled, addressLists: [] }));
    expect((await rows()).every((r) => r.dataCanonical)).toBe(true);
    expect(await workingCopy(created.id)).toEqual(expected(toggled));

    // From canonical rows now: sending the head back unchanged is "unchanged"; toggling back hashes like revision 1.
    expect(
      await save(
        2,
        toggled.map((r) => r.id),
      ),
    ).toMatchObject({ ok: false, kind: "unchanged" });
    expect(await save(2, [before[0], ...toggled.slice(1).map((r) => r.id)])).toEqual({ ok: true, revision: 3 });
    const [rev1, rev3] = await Promise.all(
      [1, 3].map((number) =>
        db.ruleSetRevision.findUniqueOrThrow({ where: { ruleSetId_number: { ruleSetId: created.id, number } } }),
      ),
    );
    expect(rev3.contentHash).toBe(rev1.contentHash);
    // The API sends whole rules: those equal to a stored row are recognised by their canonical text.
    expect(
      await lib.saveRuleSet(alice, created.id, {
        baseRevision: 3,
        name: "wc canonical",
        description: "",
        content: { rules: before, addressLists: [] },
      }),
    ).toMatchObject({ ok: false, kind: "unchanged" });
  });
});
