import { describe, expect, test } from "vitest";
import { exportRuleSet, parseRuleSetExport, parseRuleSetExportText } from "./export-format";
import { content, list, rule } from "@/tests/support/rule-fixtures";

const meta = { name: "Edge", description: "Office edge\nsecond line" };
const sample = content(
  [
    rule({
      protocol: "tcp",
      src: { kind: "list", list: "office", negate: false },
      dstPorts: [{ from: 22, to: 22 }],
      comment: "SSH – café",
    }),
  ],
  [list("office", ["10.0.0.0/8", "2001:db8::/32"])],
);
const at = new Date("2025-03-04T05:06:07.089Z");

describe("exportRuleSet", () => {
  test("shape", () => {
    expect(exportRuleSet(meta, sample, at)).toEqual({
      formatVersion: 1,
      exportedAt: "2025-03-04T05:06:07.089Z",
      ruleSet: {
        name: "Edge",
        description: "Office edge\nsecond line",
        rules: sample.rules,
        addressLists: sample.addressLists,
      },
    });
  });

  test("round trip through JSON text", () => {
    const text = JSON.stringify(exportRuleSet(meta, sample, at));
    expect(parseRuleSetExportText(text)).toEqual({
      ok: true,
      exportedAt: "2025-03-04T05:06:07.089Z",
      meta,
      content: sample,
    });
  });
});

describe("parseRuleSetExport", () => {
  const good = () => JSON.parse(JSON.stringify(exportRuleSet(meta, sample, at)));

  test.each([
    [2, "this file has format version 2, made by a newer Rampart; this one reads version 1"],
    [0, "unknown format version 0; this Rampart reads version 1"],
    ["1", 'unknown format version "1"; this Rampart reads version 1'],
    [null, "unknown format version null; this Rampart reads version 1"],
  ])("formatVersion %j", (formatVersion, message) => {
    expect(parseRuleSetExport({ ...good(), formatVersion })).toEqual({
      ok: false,
      issues: [{ path: "formatVersion", message }],
    });
  });

  test.each([
    [null, "this is not a Rampart rule-set export"],
    [[], "this is not a Rampart rule-set export"],
    ["text", "this is not a Rampart rule-set export"],
    [{ rules: [] }, "this is not a Rampart rule-set export (formatVersion is missing)"],
  ])("not an export: %j", (json, message) => {
    expect(parseRuleSetExport(json)).toEqual({ ok: false, issues: [{ path: "formatVersion", message }] });
  });

  test("invalid JSON text", () => {
    expect(parseRuleSetExportText("{ nope")).toEqual({
      ok: false,
      issues: [{ path: "", message: "the file is not valid JSON" }],
    });
  });

  test("the same field checks as the editor, with paths into the file", () => {
    const json = good();
    json.ruleSet.name = "";
    json.ruleSet.rules[0].dstPorts = [{ from: 70000, to: 70000 }];
    json.ruleSet.rules[0].comment = "😀";
    json.ruleSet.addressLists[0].entries[1].address = "2001:db8::/129";
    expect(parseRuleSetExport(json)).toEqual({
      ok: false,
      issues: [
        { path: "ruleSet.name", message: "name is required" },
        { path: "ruleSet.rules.0.dstPorts.0.from", message: "port 70000 is outside 1-65535" },
        { path: "ruleSet.rules.0.dstPorts.0.to", message: "port 70000 is outside 1-65535" },
        { path: "ruleSet.rules.0.comment", message: "comment contains '😀', which routers cannot store" },
        {
          path: "ruleSet.addressLists.0.entries.1.address",
          message: "2001:db8::/129 has prefix length '129'; IPv6 allows 0-128",
        },
      ],
    });
  });

  test("cross-field checks apply too", () => {
    const json = good();
    json.ruleSet.addressLists = [];
    expect(parseRuleSetExport(json)).toEqual({
      ok: false,
      issues: [{ path: "ruleSet.rules.0.src.list", message: "address list 'office' does not exist" }],
    });
  });

  test("exportedAt must be a date and time", () => {
    expect(parseRuleSetExport({ ...good(), exportedAt: "yesterday" })).toEqual({
      ok: false,
      issues: [{ path: "exportedAt", message: "exportedAt must be an ISO 8601 date and time" }],
    });
    expect(parseRuleSetExport({ ...good(), exportedAt: "2025-03-04T05:06:07+02:00" }).ok).toBe(true);
  });

  test("unknown extra keys are dropped", () => {
    const json = good();
    json.ruleSet.rules[0].vendorSpecific = "x";
    json.extra = 1;
    const result = parseRuleSetExport(json);
    expect(result.ok && result.content).toEqual(sample);
  });
});
