import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/rulesets/content-hash";
import { content, rule } from "@/tests/support/rule-fixtures";
import { diffRuleSets } from "./diff";
import { formatRawProps, parseRawProps } from "./raw-rule";
import { ruleSetContentSchema } from "./schema";

const fasttrack = {
  vendor: "mikrotik",
  type: "filter",
  props: { chain: "forward", action: "fasttrack-connection", "connection-state": "established,related" },
};

describe("raw rules in the model", () => {
  it("content stored before raw rules parses to the same JSON (and so the same hash)", () => {
    const stored = JSON.parse(JSON.stringify(content([rule({ id: "rold000001", comment: "old" })])));
    const parsed = ruleSetContentSchema.parse(stored);
    expect("raw" in parsed.rules[0]).toBe(false);
    expect(canonicalJson(parsed)).toBe(canonicalJson(stored));
  });

  it("parses a raw rule and refuses a bad one at the field", () => {
    expect(ruleSetContentSchema.safeParse(content([rule({ raw: fasttrack })])).success).toBe(true);
    const bad = ruleSetContentSchema.safeParse(
      content([rule({ raw: { vendor: "MikroTik!", type: "filter", props: { "bad name": "x" } } })]),
    );
    expect(bad.success).toBe(false);
    if (!bad.success) {
      const paths = bad.error.issues.map((i) => i.path.join("."));
      expect(paths).toContain("rules.0.raw.vendor");
      expect(paths.some((p) => p.startsWith("rules.0.raw.props"))).toBe(true);
    }
  });

  it("property text round-trips; a repeated name is a list only where the vendor says so", () => {
    const text = formatRawProps({ name: "wan", network: ["wan", "wan6"], input: "REJECT" });
    expect(text).toBe("name=wan\nnetwork=wan\nnetwork=wan6\ninput=REJECT");
    expect(parseRawProps(text, (n) => n === "network")).toEqual({
      ok: true,
      props: { name: "wan", network: ["wan", "wan6"], input: "REJECT" },
    });
    expect(parseRawProps(text)).toEqual({ ok: false, line: 3, message: "line 3: network is given twice" });
    expect(parseRawProps("chain input")).toMatchObject({
      ok: false,
      message: "line 1: 'chain input' is not name=value",
    });
  });

  it("the diff names each changed property", () => {
    const before = content([rule({ id: "rraw000001", raw: fasttrack })]);
    const after = content([
      rule({
        id: "rraw000001",
        raw: { ...fasttrack, props: { ...fasttrack.props, "connection-state": "established", "hw-offload": "yes" } },
      }),
    ]);
    const d = diffRuleSets(before, after);
    expect(d.rulesChanged[0].changes.map((c) => [c.label, c.oldText, c.newText])).toEqual([
      ["raw property connection-state", "established,related", "established"],
      ["raw property hw-offload", "(none)", "yes"],
    ]);
  });
});
