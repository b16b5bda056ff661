import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveRuleSetBody } from "@/lib/api/rule-set-schemas";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import { rule } from "@/tests/support/rule-fixtures";
import { migrate, tempDatabase } from "@/tests/support/temp-database";
import { checkRuleSetBody } from "./check-content";

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
