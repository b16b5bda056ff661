import fs from "node:fs";
import path from "node:path";
import { issueText } from "@/lib/push/preview";
import { describe, expect, it } from "vitest";
import { content, defconfMasquerade, list, rule } from "@/tests/support/rule-fixtures";
import { ruleSetContentSchema } from "@/lib/rules/schema";
import { DriverError } from "../driver";
import { cidrCover, compileRuleSet, ESTABLISHED_NOTE } from "./compile-rules";
import { GOLDEN_FIXTURES } from "@/tests/support/openwrt-golden/fixtures";
import { GOLDEN_DIR, renderGolden, stockExport } from "@/tests/support/openwrt-golden/golden";
import { liveFirewallFromExport } from "./live-firewall";
import { parseManagedName, ruleSectionName, setSectionName } from "./managed-names";
import { openWrtPlanner as planner } from "./planner";

const issuesOf = (c: ReturnType<typeof content>) => {
  const r = planner.compile(c);
  return r.ok ? [] : r.issues;
};

describe("golden compile (fixture rule sets -> uci batch lines onto the stock config)", () => {
  it.each(Object.keys(GOLDEN_FIXTURES))("%s", (name) => {
    // the fixtures are valid rule sets in the vendor-free model
    expect(ruleSetContentSchema.safeParse(GOLDEN_FIXTURES[name]).success).toBe(true);
    expect(renderGolden(name)).toBe(fs.readFileSync(path.join(GOLDEN_DIR, `${name}.batch`), "utf8"));
  });
});

describe("connection states (docs/rulings.md §6)", () => {
  it("accept established,related compiles to nothing, with a note for the preview", () => {
    const r = planner.compile(
      content([
        rule({ id: "restab01", states: ["established", "related"] }),
        rule({ id: "restab02", states: ["related"], chain: "forward" }),
      ]),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.desired.items).toEqual([]);
    expect(r.desired.notes).toEqual([
      { ruleId: "restab01", message: ESTABLISHED_NOTE },
      { ruleId: "restab02", message: ESTABLISHED_NOTE },
    ]);
  });

  it.each([
    [["new"], "accept"],
    [["established", "related", "new"], "accept"],
    [["invalid"], "drop"],
    [["established"], "drop"],
    [["untracked"], "accept"],
  ] as const)("refuses states %j with action %s, naming the rule and field", (states, action) => {
    const issues = issuesOf(content([rule(), rule({ id: "rstate01", states: [...states], action })]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ ruleId: "rstate01", ruleIndex: 1, field: "states" });
    expect(issues[0].message).toMatch(/no per-rule connection-state match/);
  });
});

describe("what fw4 cannot express is refused, never dropped", () => {
  it.each([
    [{ comment: "x".repeat(121) }, "comment", /at most 120 plain ASCII/],
    [{ comment: "café" }, "comment", /ASCII/],
    [{ log: true, logPrefix: "1" }, "logPrefix", /on\/off switch/],
    [{ log: true, logPrefix: "Off" }, "logPrefix", /on\/off switch/],
    [{ log: true, logPrefix: 'say "hi"' }, "logPrefix", /ASCII without/],
    [{ log: true, logPrefix: "a$b: " }, "logPrefix", /cannot contain '\$'/],
    [{ protocol: 0 }, "protocol", /protocol 0/],
    [
      { src: { kind: "list", list: "a", negate: false }, dst: { kind: "list", list: "a", negate: false } },
      "dst",
      /one address list/,
    ],
    [{ src: { kind: "list", list: "nope", negate: false } }, "src", /does not exist/],
  ] as const)("%j -> issue on %s", (fields, field, message) => {
    const issues = issuesOf(content([rule({ id: "rbad0001", ...(fields as object) })], [list("a", ["10.0.0.1"])]));
    expect(issues).toEqual([expect.objectContaining({ ruleId: "rbad0001", ruleIndex: 0, field })]);
    expect(issues[0].message).toMatch(message);
  });

  it("takes a 120-character ASCII comment", () => {
    expect(issuesOf(content([rule({ comment: "y".repeat(120) })]))).toEqual([]);
  });
});

describe("interfaces -> zones (read from the live config)", () => {
  const live = liveFirewallFromExport(
    stockExport().replace(
      "\tlist network 'lan'\n",
      "\tlist network 'lan'\n\tlist device 'br-guest'\n\tlist network 'wan6'\n",
    ),
  );

  it("maps uci interface names and devices; unknown and ambiguous interfaces are CompileIssues", () => {
    const c = content([
      rule({ id: "rzone001", chain: "input", inInterface: "br-guest" }),
      rule({ id: "rzone002", chain: "forward", inInterface: "lan", outInterface: "eth9" }),
      rule({ id: "rzone003", chain: "output", outInterface: "wan6" }),
    ]);
    const r = planner.compileFor(c, live);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      expect.objectContaining({
        ruleId: "rzone002",
        ruleIndex: 1,
        field: "outInterface",
        message: expect.stringMatching(
          /^interface 'eth9' is in no firewall zone on this router \(zones: lan: lan, wan6, br-guest; wan: wan, wan6\)$/,
        ),
      }),
      expect.objectContaining({
        ruleId: "rzone003",
        ruleIndex: 2,
        field: "outInterface",
        message: expect.stringMatching(/more than one firewall zone \(lan, wan\)/),
      }),
    ]);
    const ok = planner.compile(content([rule({ id: "rzone001", chain: "input", inInterface: "br-guest" })]));
    if (!ok.ok) throw new Error("compile");
    expect(planner.plan(live, ok.desired).ops[0].wire).toContain("set firewall.rampart_rzone001.src='lan'");
  });

  it("liveIssues() of the router-free compile are exactly compileFor()'s issues (previews share one compile)", () => {
    const c = content([
      rule({ id: "rzone004", chain: "input", inInterface: "eth9" }),
      rule({ id: "rzone005", chain: "input", inInterface: "lan" }),
    ]);
    const shared = planner.compile(c);
    if (!shared.ok) throw new Error("compile");
    const full = planner.compileFor(c, live);
    if (full.ok) throw new Error("compileFor should refuse eth9");
    expect(planner.liveIssues(c, shared.desired, live)).toEqual(full.issues);
    expect(full.issues).toEqual([expect.objectContaining({ ruleId: "rzone004", ruleIndex: 0, field: "inInterface" })]);
    const fine = content([rule({ id: "rzone006", chain: "input", inInterface: "lan" })]);
    const fineCompiled = planner.compile(fine);
    if (!fineCompiled.ok) throw new Error("compile");
    expect(planner.liveIssues(fine, fineCompiled.desired, live)).toEqual([]);
  });

  it("plan() refuses an unknown interface with a DriverError naming rule and field (compile() cannot see zones)", () => {
    const r = planner.compile(content([rule({ id: "rzone009", chain: "input", inInterface: "eth9" })]));
    if (!r.ok) throw new Error("compile");
    expect(() => planner.plan(live, r.desired)).toThrow(DriverError);
    expect(() => planner.plan(live, r.desired)).toThrow(
      /rule rzone009, inInterface: interface 'eth9' is in no firewall zone/,
    );
  });
});

describe("names", () => {
  it("round-trip rule and set section names; list names with - and _ stay apart", () => {
    expect(parseManagedName(ruleSectionName("rabc1234", null))).toEqual({
      kind: "rule",
      ruleId: "rabc1234",
      family: null,
    });
    expect(parseManagedName(ruleSectionName("rabc1234", "ipv6"))).toEqual({
      kind: "rule",
      ruleId: "rabc1234",
      family: "ipv6",
    });
    for (const l of ["a-b", "a_b", "a__b", "a_d", "x-_-y"])
      expect(parseManagedName(setSectionName(l, "ipv4"))).toEqual({ kind: "set", list: l, family: "ipv4" });
    expect(new Set(["a-b", "a_b", "a_d", "a__d"].map((l) => setSectionName(l, "ipv4"))).size).toBe(4);
    expect(parseManagedName("guest_ssh")).toBeNull();
  });
});

describe("cidrCover", () => {
  it.each([
    ["ipv4", "192.0.2.8", "192.0.2.15", ["192.0.2.8/29"]],
    ["ipv4", "10.0.0.1", "10.0.0.6", ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"]],
    ["ipv4", "0.0.0.0", "255.255.255.255", ["0.0.0.0/0"]],
    ["ipv6", "2001:db8::", "2001:db8::ff", ["2001:db8::/120"]],
  ] as const)("%s %s-%s", (family, a, b, out) => {
    const n = (s: string) =>
      family === "ipv4"
        ? s.split(".").reduce((acc, o) => (acc << 8n) | BigInt(o), 0n)
        : family === "ipv6" && s === "2001:db8::"
          ? 0x20010db8n << 96n
          : (0x20010db8n << 96n) | 0xffn;
    expect(cidrCover(family, n(a), n(b))).toEqual(out);
  });
});

describe("NAT rules", () => {
  it("a RouterOS raw NAT rule (the defconf masquerade) is refused at its raw field, naming the vendor", () => {
    const masq = defconfMasquerade();
    const r = compileRuleSet({ rules: [], addressLists: [], nat: [masq] });
    expect(!r.ok && r.issues).toEqual([
      {
        ruleId: "rnatmasq01",
        ruleIndex: null,
        field: "nat.0.raw",
        message: "this is a MikroTik RouterOS raw NAT rule (nat masquerade); OpenWrt cannot run it",
      },
    ]);
    // the preview's words name the NAT rule
    expect(issueText(!r.ok ? r.issues[0] : ({} as never))).toBe(
      "NAT rule #1, nat.0.raw: this is a MikroTik RouterOS raw NAT rule (nat masquerade); OpenWrt cannot run it",
    );
  });
});

describe("matchers (issue #20)", () => {
  it("ICMP types become a numeric icmp_type list and a rate limit becomes limit and limit_burst", () => {
    const r = planner.compile(
      content([
        rule({
          id: "rmld00001",
          family: "ipv6",
          protocol: "icmpv6",
          icmpTypes: [{ type: 135 }, { type: 4, code: 0 }],
          rateLimit: { rate: 10, per: "minute", burst: 3 },
        }),
      ]),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.desired.items[0].fields).toMatchObject({
      "proto[0]": "icmpv6",
      "icmp_type[0]": "135",
      "icmp_type[1]": "4/0",
      limit: "10/minute",
      limit_burst: "3",
    });
  });

  it("NAT state and TTL are refused at preview, naming the rule and the field", () => {
    expect(
      issuesOf(
        content([
          rule({ id: "rnat00001", chain: "forward", action: "drop", natState: "not-dstnat" }),
          rule({ id: "rttl00001", ttl: { op: "equal", value: 1 } }),
        ]),
      ),
    ).toEqual([
      expect.objectContaining({ ruleId: "rnat00001", field: "natState", message: expect.stringMatching(/NAT state/) }),
      expect.objectContaining({ ruleId: "rttl00001", field: "ttl", message: expect.stringMatching(/TTL/) }),
    ]);
  });
});
