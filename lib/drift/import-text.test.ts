import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, tempDatabase } from "@/tests/support/temp-database";
import { RSC_SAMPLE, UCI_SAMPLE } from "@/tests/support/import-text-samples";

/** Import text against a real database: what a rule set cannot hold is kept with its reason, never dropped. */
const { dir, url } = tempDatabase();

let lib: typeof import("./index");
let rulesets: typeof import("@/lib/rulesets");
let db: typeof import("@/lib/db/client").db;
let alice: import("@/lib/rulesets/editor").RuleSetActor;

beforeAll(async () => {
  migrate(url);
  lib = await import("./index");
  rulesets = await import("@/lib/rulesets");
  db = (await import("@/lib/db/client")).db;
  alice = rulesets.userEditor(
    await db.user.create({ data: { username: "alice", passwordHash: "x", role: "operator" } }),
  );
});

afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("importRuleSetFromText", () => {
  it("a RouterOS script: every rule becomes revision 1, the one the model cannot hold as a raw rule", async () => {
    const r = await lib.importRuleSetFromText(alice, { vendor: "mikrotik", name: "from rsc", text: RSC_SAMPLE });
    if (!r.ok) throw new Error(r.message);
    expect(r).toMatchObject({ revision: 1, rules: 2, lists: 0, skipped: [] });
    const rev = (await rulesets.getRevision(r.id, 1))!;
    expect(rev.content.rules.map((x) => [x.chain, x.action, x.protocol, x.dstPorts, x.comment])).toEqual([
      ["input", "accept", "tcp", [{ from: 22, to: 22 }], "ssh from anywhere"],
      ["input", "accept", "any", [], "wan drop"],
    ]);
    expect(rev.content.rules[1].raw).toEqual({
      vendor: "mikrotik",
      type: "filter",
      props: { chain: "input", action: "drop", "in-interface-list": "WAN" },
    });
    expect(rev.message).toBe("Imported from a RouterOS script");
    expect(await lib.textImportReport(r.id)).toMatchObject({ by: "alice", skipped: [] });
  });

  it("a uci export: rule sections imported, a redirect kept as an OpenWrt raw rule", async () => {
    const r = await lib.importRuleSetFromText(alice, { vendor: "openwrt", name: "from uci", text: UCI_SAMPLE });
    if (!r.ok) throw new Error(r.message);
    expect(r.skipped).toEqual([]);
    expect((await rulesets.getRevision(r.id, 1))!.content.rules).toEqual([
      expect.objectContaining({ comment: "web in", inInterface: "wan", dstPorts: [{ from: 443, to: 443 }] }),
      expect.objectContaining({
        comment: "fwd",
        raw: { vendor: "openwrt", type: "redirect", props: { src: "wan", target: "DNAT" } },
      }),
    ]);
    expect((await lib.textImportReport(r.id))!.skipped).toHaveLength(0);
  });

  it("a text with nothing importable is refused at the text, saying what was read, and creates nothing", async () => {
    const before = await db.ruleSet.count();
    const bad = await lib.importRuleSetFromText(alice, { vendor: "mikrotik", name: "bad", text: "hello world" });
    expect(bad).toMatchObject({
      ok: false,
      code: "validation_failed",
      issues: [
        {
          path: "text",
          message: expect.stringMatching(
            /^nothing in this text could be imported.*line 1, "hello world".*before any menu line/,
          ),
        },
      ],
    });
    const empty = await lib.importRuleSetFromText(alice, { vendor: "openwrt", name: "bad", text: "hello world" });
    expect(empty).toMatchObject({
      ok: false,
      issues: [{ path: "text", message: "no firewall rules or address lists found; is this a uci export?" }],
    });
    expect(await db.ruleSet.count()).toBe(before);
  });

  it("a taken name is refused at the name; a rule set made otherwise has no import report", async () => {
    const r = await lib.importRuleSetFromText(alice, { vendor: "mikrotik", name: "from rsc", text: RSC_SAMPLE });
    expect(r).toMatchObject({
      ok: false,
      issues: [{ path: "name", message: "a rule set named 'from rsc' already exists" }],
    });
    const plain = await rulesets.createRuleSet(alice, {
      name: "plain",
      description: "",
      content: { rules: [], addressLists: [] },
    });
    expect(plain.ok && (await lib.textImportReport(plain.id))).toBeNull();
  });
});

describe("the rule count limit", () => {
  it("a script with more rules than a rule set holds is refused at the text, naming the limit; nothing is created", async () => {
    const before = await db.ruleSet.count();
    const script = [
      "/ip firewall filter",
      ...Array.from(
        { length: 10_002 },
        (_, i) => `add chain=input action=accept protocol=tcp dst-port=${i + 1} comment="r${i}"`,
      ),
    ].join("\n");
    const r = await lib.importRuleSetFromText(alice, { vendor: "mikrotik", name: "too many", text: script });
    expect(r).toEqual({
      ok: false,
      code: "validation_failed",
      message:
        "Not imported: this text holds 10,002 rules: a rule set holds at most 10,000 rules; split it into several rule sets.",
      issues: [
        {
          path: "text",
          message:
            "this text holds 10,002 rules: a rule set holds at most 10,000 rules; split it into several rule sets",
        },
      ],
    });
    expect(await db.ruleSet.count()).toBe(before);
  }, 120_000);
});
