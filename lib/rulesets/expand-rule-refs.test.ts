import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Rule } from "@/lib/rules/schema";
import { rule } from "@/tests/support/rule-fixtures";
import { migrate, tempDatabase } from "@/tests/support/temp-database";

const { dir, url } = tempDatabase();

let lib: typeof import("./index");
let expandRuleRefs: typeof import("./expand-rule-refs").expandRuleRefs;
let db: typeof import("@/lib/db/client").db;
let alice: import("./editor").RuleSetActor;

beforeAll(async () => {
  migrate(url);
  lib = await import("./index");
  ({ expandRuleRefs } = await import("./expand-rule-refs"));
  db = (await import("@/lib/db/client")).db;
  alice = lib.userEditor(await db.user.create({ data: { username: "alice", passwordHash: "x", role: "operator" } }));
});

afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rules: Rule[] = Array.from({ length: 5 }, (_, i) =>
  rule({ id: `rx${String(i).padStart(6, "0")}`, comment: `rule ${i}` }),
);

async function newSet(name: string) {
  const r = await lib.createRuleSet(alice, { name, description: "", content: { rules, addressLists: [] } });
  if (!r.ok) throw new Error(r.message);
  return r.id;
}

describe("expandRuleRefs (the editor's unchanged rules sent as ids)", () => {
  it("puts the stored rules back in place of their ids, beside the rules sent whole; the save then holds exactly that", async () => {
    const id = await newSet("refs");
    const toggled = { ...rules[2], enabled: false };
    const sent = { rules: [rules[4].id, rules[0].id, toggled, rules[3].id], addressLists: [] };
    const expanded = await expandRuleRefs(id, 1, sent);
    expect(expanded).toMatchObject({
      ok: true,
      content: { rules: [rules[4], rules[0], toggled, rules[3]], addressLists: [] },
    });
    const saved = await lib.saveRuleSet(alice, id, {
      baseRevision: 1,
      name: "refs",
      description: "",
      content: expanded.ok ? expanded.content : null,
    });
    expect(saved).toEqual({ ok: true, revision: 2 });
    expect((await lib.getRuleSet(id))?.content.rules).toEqual([rules[4], rules[0], toggled, rules[3]]);
  });

  it("refuses ids on a stale base as stale, and an id the revision does not hold as invalid", async () => {
    const id = await newSet("refs stale");
    expect(await expandRuleRefs(id, 2, { rules: [rules[0].id], addressLists: [] })).toMatchObject({
      ok: false,
      kind: "stale",
      currentRevision: 1,
    });
    expect(await expandRuleRefs(id, 1, { rules: ["rnothere1"], addressLists: [] })).toMatchObject({
      ok: false,
      kind: "invalid",
    });
  });

  it("leaves content without ids as it is", async () => {
    const content = { rules, addressLists: [] };
    expect(await expandRuleRefs("no-such-set", 1, content)).toMatchObject({ ok: true, content });
  });
});
