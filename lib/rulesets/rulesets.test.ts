import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveRuleSetBody } from "@/lib/api/rule-set-schemas";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import { rule, list } from "@/tests/support/rule-fixtures";
import { migrate, tempDatabase } from "@/tests/support/temp-database";
import { checkRuleSetBody } from "./check-content";

const { dir, url } = tempDatabase();

type Lib = typeof import("./index");
let lib: Lib;
let db: typeof import("@/lib/db/client").db;
let alice: import("./editor").RuleSetActor;
let bob: import("./editor").RuleSetActor;

beforeAll(async () => {
  migrate(url);
  lib = await import("./index");
  db = (await import("@/lib/db/client")).db;
  const a = await db.user.create({ data: { username: "alice", passwordHash: "x", role: "operator" } });
  const b = await db.user.create({ data: { username: "bob", passwordHash: "x", role: "operator" } });
  alice = lib.userEditor(a);
  bob = lib.userEditor(b);
});

afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ssh = rule({ id: "rssh0001", protocol: "tcp", dstPorts: [{ from: 22, to: 22 }], comment: "ssh" });
const web = rule({ id: "rweb0001", protocol: "tcp", dstPorts: [{ from: 443, to: 443 }], comment: "web" });
const dropAll = rule({ id: "rdrop001", action: "drop", comment: "drop the rest" });

async function newSet(name: string, rules = [ssh, dropAll]) {
  const r = await lib.createRuleSet(alice, { name, description: "", content: { rules, addressLists: [] } });
  if (!r.ok) throw new Error(r.message);
  return r.id;
}

describe("create", () => {
  it("starts at revision 1 with the content, working copy and an audit event", async () => {
    const id = await newSet("edge");
    const set = await lib.getRuleSet(id);
    expect(set?.headRevision).toBe(1);
    expect(set?.content.rules.map((r) => r.id)).toEqual(["rssh0001", "rdrop001"]);
    expect(set?.lastChange?.authorLabel).toBe("alice");
    const rows = await db.rule.findMany({ where: { ruleSetId: id }, orderBy: { position: "asc" } });
    expect(rows.map((r) => [r.ruleId, r.position, r.action])).toEqual([
      ["rssh0001", 0, "accept"],
      ["rdrop001", 1, "drop"],
    ]);
    expect(await db.auditEvent.count({ where: { action: "ruleset.create", targetId: id } })).toBe(1);
  });

  it("refuses a taken name at the name field and writes nothing", async () => {
    await newSet("taken");
    const before = await db.ruleSet.count();
    const r = await lib.createRuleSet(alice, {
      name: "taken",
      description: "",
      content: { rules: [], addressLists: [] },
    });
    expect(r).toMatchObject({
      ok: false,
      kind: "invalid",
      issues: [{ path: "name", message: "a rule set named 'taken' already exists" }],
    });
    expect(await db.ruleSet.count()).toBe(before);
  });

  it("from a template: a bad trusted address is refused at its param, a good one creates the list", async () => {
    const bad = await lib.createRuleSetFromTemplate(alice, {
      name: "t1",
      description: "",
      templateId: "block-incoming-except-trusted",
      params: { trusted: ["10.0.0.300"] },
    });
    expect(bad).toMatchObject({
      ok: false,
      kind: "invalid",
      issues: [{ path: "params.trusted.0", message: "10.0.0.300 is not an IPv4 address" }],
    });
    expect(await db.ruleSet.findUnique({ where: { name: "t1" } })).toBeNull();

    const good = await lib.createRuleSetFromTemplate(alice, {
      name: "t1",
      description: "",
      templateId: "block-incoming-except-trusted",
      params: { trusted: ["192.0.2.10"] },
    });
    if (!good.ok) throw new Error(good.message);
    const set = await lib.getRuleSet(good.id);
    expect(set?.content.addressLists).toEqual([{ name: "trusted", entries: [{ address: "192.0.2.10", comment: "" }] }]);
    // replies, trusted, ICMPv6 (neighbour discovery must pass), drop the rest
    expect(set?.content.rules.map((r) => [r.action, r.src, r.protocol])).toEqual([
      ["accept", { kind: "any" }, "any"],
      ["accept", { kind: "list", list: "trusted", negate: false }, "any"],
      ["accept", { kind: "any" }, "icmpv6"],
      ["drop", { kind: "any" }, "any"],
    ]);
    const revs = await lib.listRevisions(good.id);
    expect(revs?.[0].message).toMatch(/template/);
  });
});

describe("save", () => {
  it("appends revision head+1 with a hash and keeps the old one intact", async () => {
    const id = await newSet("s1");
    const r = await lib.saveRuleSet(alice, id, {
      baseRevision: 1,
      name: "s1",
      description: "",
      content: { rules: [web, ssh, dropAll], addressLists: [] },
      message: "allow web",
    });
    expect(r).toEqual({ ok: true, revision: 2 });
    const [r1, r2] = await Promise.all([lib.getRevision(id, 1), lib.getRevision(id, 2)]);
    expect(r1?.content.rules.map((x) => x.id)).toEqual(["rssh0001", "rdrop001"]);
    expect(r2?.content.rules.map((x) => x.id)).toEqual(["rweb0001", "rssh0001", "rdrop001"]);
    expect(r2).toMatchObject({ message: "allow web", authorLabel: "alice", ruleCount: 3 });
    expect(r2?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r2?.contentHash).not.toBe(r1?.contentHash);
    expect(await db.rule.count({ where: { ruleSetId: id } })).toBe(3);
  });

  it("two editors from the same base: the second is refused, the first's revision stays whole", async () => {
    const id = await newSet("race");
    const first = await lib.saveRuleSet(alice, id, {
      baseRevision: 1,
      name: "race",
      description: "",
      content: { rules: [web, ssh, dropAll], addressLists: [] },
      message: "alice",
    });
    expect(first).toEqual({ ok: true, revision: 2 });
    const second = await lib.saveRuleSet(bob, id, {
      baseRevision: 1,
      name: "race",
      description: "",
      content: { rules: [dropAll], addressLists: [] },
      message: "bob",
    });
    expect(second).toMatchObject({ ok: false, kind: "stale", currentRevision: 2 });
    if (!second.ok) expect(second.message).toMatch(/changed by someone else \(revision 2\)/);

    const set = await lib.getRuleSet(id);
    expect(set?.headRevision).toBe(2);
    expect(set?.content.rules.map((r) => r.id)).toEqual(["rweb0001", "rssh0001", "rdrop001"]);
    expect((await lib.listRevisions(id))?.map((r) => r.authorLabel)).toEqual(["alice", "alice"]);
    expect(await db.rule.count({ where: { ruleSetId: id } })).toBe(3);
  });

  it("concurrent saves from the same base: exactly one wins", async () => {
    const id = await newSet("race2");
    const save = (who: typeof alice, rules: (typeof ssh)[]) =>
      lib.saveRuleSet(who, id, {
        baseRevision: 1,
        name: "race2",
        description: "",
        content: { rules, addressLists: [] },
        message: who.label,
      });
    const results = await Promise.all([save(alice, [web, dropAll]), save(bob, [ssh])]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.kind === "stale")).toHaveLength(1);
    expect((await lib.getRuleSet(id))?.headRevision).toBe(2);
  });

  it("refuses invalid content with field paths and writes nothing", async () => {
    const id = await newSet("bad");
    const badRule = { ...ssh, dstPorts: [{ from: 70000, to: 70000 }] };
    const r = await lib.saveRuleSet(alice, id, {
      baseRevision: 1,
      name: "",
      description: "",
      content: { rules: [badRule], addressLists: [] },
      message: "",
    });
    expect(r.ok).toBe(false);
    if (r.ok || r.kind !== "invalid") throw new Error("expected invalid");
    expect(r.issues).toEqual(
      expect.arrayContaining([
        { path: "name", message: "name is required" },
        { path: "rules.0.dstPorts.0.from", message: "port 70000 is outside 1-65535" },
      ]),
    );
    expect((await lib.getRuleSet(id))?.headRevision).toBe(1);
    expect(await db.ruleSetRevision.count({ where: { ruleSetId: id } })).toBe(1);
  });

  it("refuses a save identical to the head", async () => {
    const id = await newSet("same");
    const r = await lib.saveRuleSet(alice, id, {
      baseRevision: 1,
      name: "same",
      description: "",
      content: { rules: [ssh, dropAll], addressLists: [] },
      message: "again",
    });
    expect(r).toMatchObject({ ok: false, kind: "unchanged" });
    if (!r.ok) expect(r.message).toMatch(/nothing changed/i);
  });

  it("refuses a list reference that does not exist, at the rule's field", async () => {
    const id = await newSet("lists");
    const usesOffice = { ...ssh, src: { kind: "list" as const, list: "office", negate: false } };
    const r = await lib.saveRuleSet(alice, id, {
      baseRevision: 1,
      name: "lists",
      description: "",
      content: { rules: [usesOffice], addressLists: [] },
      message: "",
    });
    expect(r).toMatchObject({
      ok: false,
      kind: "invalid",
      issues: [{ path: "rules.0.src.list", message: "address list 'office' does not exist" }],
    });
  });
});

describe("revert, diff, activity", () => {
  it("revert appends a revision equal to the old one with a message saying so", async () => {
    const id = await newSet("rev");
    await lib.saveRuleSet(alice, id, {
      baseRevision: 1,
      name: "rev",
      description: "",
      content: { rules: [web, ssh, dropAll], addressLists: [list("office", ["10.0.0.0/8"])] },
      message: "more",
    });
    const stale = await lib.revertRuleSet(bob, id, 1, 1);
    expect(stale).toMatchObject({ ok: false, kind: "stale", currentRevision: 2 });
    const r = await lib.revertRuleSet(bob, id, 1, 2);
    expect(r).toEqual({ ok: true, revision: 3 });
    const [r1, r3] = await Promise.all([lib.getRevision(id, 1), lib.getRevision(id, 3)]);
    expect(r3?.content).toEqual(r1?.content);
    expect(r3?.contentHash).toBe(r1?.contentHash);
    expect(r3).toMatchObject({ message: "Revert to revision 1", authorLabel: "bob" });
    expect(await db.addressList.count({ where: { ruleSetId: id } })).toBe(0);
    expect(await lib.revertRuleSet(bob, id, 1, 3)).toMatchObject({ ok: false, kind: "unchanged" });
    expect(await lib.revertRuleSet(bob, id, 9, 3)).toMatchObject({ ok: false, kind: "not_found" });
  });

  it("diffs any two revisions at rule level", async () => {
    const id = await newSet("diff");
    const ssh2222 = { ...ssh, dstPorts: [{ from: 2222, to: 2222 }] };
    await lib.saveRuleSet(alice, id, {
      baseRevision: 1,
      name: "diff",
      description: "",
      content: { rules: [dropAll, ssh2222, web], addressLists: [] },
      message: "",
    });
    const d = await lib.diffRevisions(id, 1, 2);
    if (!d.ok) throw new Error("missing");
    expect(d.value.diff.rulesAdded.map((r) => r.id)).toEqual(["rweb0001"]);
    expect(d.value.diff.rulesChanged[0].changes[0]).toMatchObject({ oldText: "22", newText: "2222" });
    expect(d.value.diff.rulesMoved).toHaveLength(1);
    expect(await lib.diffRevisions(id, 1, 7)).toEqual({ ok: false, missing: 7 });
  });

  it("lists rule sets and the global activity feed newest first", async () => {
    const sets = await lib.listRuleSets();
    const rev = sets.find((s) => s.name === "rev");
    expect(rev).toMatchObject({
      ruleCount: 2,
      routersAssigned: 0,
      headRevision: 3,
      lastChange: { authorLabel: "bob", message: "Revert to revision 1" },
    });
    const feed = await lib.listActivity({ pageSize: 3 });
    expect(feed.items).toHaveLength(3);
    expect(feed.total).toBeGreaterThan(3);
    const times = feed.items.map((i) => i.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const page2 = await lib.listActivity({ pageSize: 3, page: 2 });
    expect(page2.items[0]).not.toEqual(feed.items[0]);
  });
});

describe("export, import, delete, small edits", () => {
  it("round-trips through the JSON export and refuses a broken file with paths", async () => {
    const id = await newSet("exp");
    const file = await lib.exportRuleSet(id);
    expect(file?.formatVersion).toBe(1);
    const copy = await lib.importRuleSet(alice, JSON.parse(JSON.stringify(file)), { name: "exp copy" });
    if (!copy.ok) throw new Error(copy.message);
    expect((await lib.getRuleSet(copy.id))?.content).toEqual((await lib.getRuleSet(id))?.content);

    const broken = JSON.parse(JSON.stringify(file));
    broken.ruleSet.rules[0].dstPorts = [{ from: 0, to: 22 }];
    expect(await lib.importRuleSet(alice, broken, { name: "x" })).toMatchObject({
      ok: false,
      issues: [{ path: "ruleSet.rules.0.dstPorts.0.from", message: "port 0 is outside 1-65535" }],
    });
    expect(await lib.importRuleSet(alice, { formatVersion: 99 })).toMatchObject({
      ok: false,
      issues: [{ path: "formatVersion" }],
    });
  });

  it("adds a rule at a position and replaces an address list", async () => {
    const id = await newSet("small");
    const added = await lib.addRule(alice, id, {
      baseRevision: 1,
      position: 0,
      rule: { protocol: "udp", dstPorts: [{ from: 53, to: 53 }] },
    });
    if (!added.ok) throw new Error(added.message);
    expect((await lib.getRuleSet(id))?.content.rules[0].id).toBe(added.ruleId);
    const bad = await lib.addRule(alice, id, { baseRevision: 2, rule: { dstPorts: [{ from: 80, to: 80 }] } });
    expect(bad).toMatchObject({
      ok: false,
      kind: "invalid",
      issues: [{ path: "rule.dstPorts", message: "ports need protocol tcp or udp" }],
    });

    const put = await lib.putAddressList(alice, id, "office", {
      baseRevision: 2,
      entries: [{ address: "10.1.0.0/16", comment: "hq" }],
    });
    expect(put).toEqual({ ok: true, revision: 3, created: true });
    const badList = await lib.putAddressList(alice, id, "office", {
      baseRevision: 3,
      entries: [{ address: "10.1.0.300", comment: "" }],
    });
    expect(badList).toMatchObject({
      ok: false,
      issues: [{ path: "entries.0.address", message: "10.1.0.300 is not an IPv4 address" }],
    });
    const entries = await db.addressListEntry.findMany({ where: { addressList: { ruleSetId: id } } });
    expect(entries.map((e) => e.address)).toEqual(["10.1.0.0/16"]);
  });

  it("delete records an audit event and removes the set", async () => {
    const id = await newSet("gone");
    expect(await lib.deleteRuleSet(alice, id)).toEqual({ ok: true, name: "gone" });
    expect(await lib.getRuleSet(id)).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "ruleset.delete", targetId: id } })).toBe(1);
    expect(await lib.deleteRuleSet(alice, id)).toMatchObject({ ok: false, code: "not_found" });
  });
});

/** A raw rule typed by hand (editor, API, file): refused at the save, at the property, as the preview would. */
const fastrack = rule({
  id: "rfast00001",
  chain: "forward",
  family: "ipv4",
  raw: { vendor: "mikrotik", type: "filter", props: { chain: "forward", action: "fastrack-connection" } },
});
const natRow = makeNatRule(
  {
    kind: "masquerade",
    raw: {
      vendor: "mikrotik",
      type: "nat",
      props: { chain: "srcnat", action: "masquerade", "out-interface-lst": "WAN" },
    },
  },
  () => "rmasq0001",
);

describe("raw rules on save", () => {
  it("a save through the editor refuses a raw rule its vendor's grammar refuses, naming the property, writing nothing", async () => {
    const made = await lib.createRuleSet(alice, {
      name: "raw-typo",
      description: "",
      content: { rules: [fastrack], addressLists: [] },
    });
    expect(made.ok).toBe(false);
    expect(!made.ok && made.issues.map((i) => i.path)).toEqual(["rules.0.raw.props.action"]);
    expect(await db.ruleSet.count({ where: { name: "raw-typo" } })).toBe(0);

    const fixed = rule({
      ...fastrack,
      raw: { ...fastrack.raw!, props: { chain: "forward", action: "fasttrack-connection" } },
    });
    expect(
      (
        await lib.createRuleSet(alice, {
          name: "raw-ok",
          description: "",
          content: { rules: [fixed], addressLists: [] },
        })
      ).ok,
    ).toBe(true);
  });

  it("an API body's raw filter and raw NAT rules are checked too, on the worker's side of the check", () => {
    const checked = checkRuleSetBody(
      saveRuleSetBody,
      JSON.stringify({ baseRevision: 1, name: "s", content: { rules: [fastrack], addressLists: [], nat: [natRow] } }),
    );
    expect(checked.ok).toBe(true);
    const verdict = checked.ok ? checked.checked : undefined;
    expect(verdict?.success).toBe(false);
    expect(verdict && !verdict.success && verdict.issues.map((i) => i.path)).toEqual([
      "rules.0.raw.props.action",
      "nat.0.raw.props.out-interface-lst",
    ]);
  });

  it("another vendor's raw type is named at raw.type, an unknown vendor at raw.vendor", () => {
    const body = (raw: object) =>
      checkRuleSetBody(
        saveRuleSetBody,
        JSON.stringify({ baseRevision: 1, name: "s", content: { rules: [{ ...fastrack, raw }], addressLists: [] } }),
      );
    const paths = (r: ReturnType<typeof body>) =>
      r.ok && r.checked && !r.checked.success ? r.checked.issues.map((i) => i.path) : [];
    expect(paths(body({ vendor: "mikrotik", type: "zone", props: {} }))).toEqual(["rules.0.raw.type"]);
    expect(paths(body({ vendor: "cisco", type: "acl", props: {} }))).toEqual(["rules.0.raw.vendor"]);
  });
});
