import { describe, expect, test } from "vitest";
import type { Rule } from "../schema";
import { content, list, rule } from "@/tests/support/rule-fixtures";
import { analyzeRuleSet, type AnalysisOptions } from "./analyze-rule-set";

/** Rule n of a case: id "rcase0n", the fields given. */
function r(n: number, fields: Partial<Rule> = {}): Rule {
  return rule({ id: `rcase${String(n).padStart(2, "0")}`, ...fields });
}

const tcp = (ports: [number, number][], fields: Partial<Rule> = {}): Partial<Rule> => ({
  protocol: "tcp",
  dstPorts: ports.map(([from, to]) => ({ from, to })),
  ...fields,
});
const src = (...values: string[]) => ({ kind: "addresses" as const, values, negate: false });
const notIn = (...values: string[]) => ({ kind: "addresses" as const, values, negate: true });

function findings(rules: Rule[], opts?: AnalysisOptions, lists = [list("office", [])]) {
  return analyzeRuleSet(content(rules, lists), opts).findings.map((f) => ({
    rule: f.ruleId,
    kind: f.kind,
    severity: f.severity,
    by: f.byRuleIds,
    message: f.message,
  }));
}

// Under a default "accept" policy every accept rule at the end of a chain is redundant; most shadowing cases
// use a "drop" policy so only the shadowing shows.
const DROP: AnalysisOptions = { defaultPolicy: { input: "drop", forward: "drop", output: "drop" } };

describe("shadowing by exact set arithmetic", () => {
  test("a narrower CIDR after a wider one with the same action is redundant, and named with its comment", () => {
    const rules = [
      r(1, { ...tcp([[22, 22]]), src: src("10.0.0.0/8"), comment: "allow ssh" }),
      r(2, { ...tcp([[22, 22]]), src: src("10.1.0.0/16") }),
      r(5, { ...tcp([[22, 22]]), src: src("10.0.0.0/9", "10.128.0.0/9") }),
    ];
    expect(findings(rules, DROP)).toEqual([
      {
        rule: "rcase02",
        kind: "shadowed-redundant",
        severity: "warning",
        by: ["rcase01"],
        message: "Rule #2 never matches: rule #1 (allow ssh) already accepts every packet it would see",
      },
      {
        rule: "rcase05",
        kind: "shadowed-redundant",
        severity: "warning",
        by: ["rcase01"],
        message: "Rule #3 never matches: rule #1 (allow ssh) already accepts every packet it would see",
      },
    ]);
  });

  test("overlapping CIDRs that do not cover the later rule are not reported", () => {
    const rules = [r(1, { src: src("10.0.0.0/9") }), r(2, { src: src("10.0.0.0/8"), action: "reject" })];
    expect(findings(rules, DROP)).toEqual([]);
  });

  test("a /0 before a /32 with another action is a conflict", () => {
    const rules = [
      r(1, { action: "drop", family: "ipv4", src: src("0.0.0.0/0") }),
      r(2, { family: "ipv4", src: src("192.0.2.1/32") }),
    ];
    expect(findings(rules)).toEqual([
      {
        rule: "rcase02",
        kind: "shadowed-conflict",
        severity: "error",
        by: ["rcase01"],
        message: "Rule #2 never matches: rule #1 already drops every packet it would accept",
      },
    ]);
  });

  test("port ranges 1-100 and 101-200 together cover 50-150, but not 50-201", () => {
    const rules = [
      r(1, tcp([[1, 100]])),
      r(2, tcp([[101, 200]])),
      r(3, tcp([[50, 150]])),
      r(4, tcp([[50, 201]], { action: "reject" })),
    ];
    expect(findings(rules, DROP)).toEqual([
      {
        rule: "rcase03",
        kind: "shadowed-redundant",
        severity: "warning",
        by: ["rcase01", "rcase02"],
        message: "Rule #3 never matches: rules #1 and #2 together already accept every packet it would see",
      },
    ]);
  });

  test("covering rules with different actions: the message says which decides what", () => {
    const rules = [
      r(1, tcp([[1, 100]], { comment: "low" })),
      r(2, tcp([[101, 200]], { action: "reject" })),
      r(3, tcp([[50, 150]])),
    ];
    expect(findings(rules, DROP)).toEqual([
      {
        rule: "rcase03",
        kind: "shadowed-conflict",
        severity: "error",
        by: ["rcase01", "rcase02"],
        message:
          "Rule #3 never matches: rules #1 (low) and #2 together already decide every packet it would accept (#1 accepts, #2 rejects)",
      },
    ]);
  });

  test("drop behind reject is reported, as a warning: both refuse the packet", () => {
    const rules = [
      r(1, { ...tcp([[22, 22]]), action: "reject" }),
      r(2, { ...tcp([[22, 22]]), action: "drop", src: src("10.0.0.1") }),
    ];
    expect(findings(rules)).toEqual([
      {
        rule: "rcase02",
        kind: "shadowed-redundant",
        severity: "warning",
        by: ["rcase01"],
        message: "Rule #2 never matches: rule #1 already rejects every packet it would drop",
      },
    ]);
  });

  test("negated addresses: complement within the family, so a negated IPv4 match holds every IPv6 address", () => {
    const rules = [
      r(1, { dst: notIn("10.0.0.0/8") }),
      r(2, { family: "ipv4", dst: src("192.168.1.0/24") }),
      r(3, { family: "ipv4", dst: src("10.1.2.3") }),
      r(4, { family: "ipv6", dst: src("2001:db8::1") }),
    ];
    expect(findings(rules, DROP).map((f) => [f.rule, f.kind, f.by])).toEqual([
      ["rcase02", "shadowed-redundant", ["rcase01"]],
      ["rcase04", "shadowed-redundant", ["rcase01"]],
    ]);
  });

  test("a negated source still leaves the negated part to later rules", () => {
    const rules = [
      r(1, { action: "reject", src: notIn("10.0.0.0/8") }),
      r(2, { src: src("10.0.0.0/8") }),
      r(3, { src: src("192.0.2.0/24") }),
    ];
    expect(findings(rules, DROP).map((f) => [f.rule, f.kind])).toEqual([["rcase03", "shadowed-conflict"]]);
  });

  test("IPv6 prefixes, and a rule for both families is not covered by an IPv6-only rule", () => {
    const rules = [
      r(1, { ...tcp([[443, 443]]), family: "ipv6", dst: src("2001:db8::/32") }),
      r(2, { ...tcp([[443, 443]]), family: "ipv6", dst: src("2001:db8:1::/48") }),
      r(3, { ...tcp([[443, 443]]), family: "both", action: "reject" }),
      r(4, { ...tcp([[443, 443]]), family: "ipv6", dst: src("2001:db9::1"), action: "reject" }),
    ];
    expect(findings(rules, DROP).map((f) => [f.rule, f.by])).toEqual([
      ["rcase02", ["rcase01"]],
      ["rcase04", ["rcase03"]],
    ]);
  });

  test("interfaces and connection states", () => {
    const rules = [
      r(1, { inInterface: "ether1", states: ["established", "related"] }),
      r(2, { inInterface: "ether1", states: ["established"], protocol: "tcp" }), // covered by #1
      r(3, { states: ["established"] }), // other interfaces remain
      r(4, { inInterface: "ether2", states: ["new", "invalid", "untracked"] }),
      r(5, { inInterface: "ether2", states: ["established", "related"] }), // #3 has established, but related remains
      r(6, { inInterface: "ether1" }), // #1 and #3 leave new, invalid, untracked on ether1
      r(7, { inInterface: "ether1", states: ["related", "new"] }), // #1 and #6 cover it together
    ];
    expect(findings(rules, DROP).map((f) => [f.rule, f.kind, f.by])).toEqual([
      ["rcase01", "redundant", ["rcase03", "rcase06"]], // #3 accepts its established, #6 its related packets
      ["rcase02", "shadowed-redundant", ["rcase01"]],
      ["rcase07", "shadowed-redundant", ["rcase01", "rcase06"]],
    ]);
  });

  test("an address list that holds a later rule's address covers it; one that does not, does not", () => {
    const office = list("office", ["10.0.0.0/24", "10.0.1.0/24", "2001:db8::/64"]);
    const rules = [
      r(1, { src: { kind: "list", list: "office", negate: false }, comment: "office" }),
      r(2, { family: "ipv4", src: src("10.0.1.5") }),
      r(3, { family: "ipv4", src: src("10.0.2.5") }),
      r(4, { family: "both", src: src("10.0.0.0/23") }), // exactly the two /24s, IPv4 only
    ];
    expect(findings(rules, DROP, [office]).map((f) => [f.rule, f.message])).toEqual([
      ["rcase02", "Rule #2 never matches: rule #1 (office) already accepts every packet it would see"],
      ["rcase04", "Rule #4 never matches: rule #1 (office) already accepts every packet it would see"],
    ]);
  });

  test("disabled rules neither shadow nor get findings", () => {
    const rules = [
      r(1, { action: "drop", enabled: false }),
      r(2, tcp([[22, 22]])),
      r(3, { enabled: false, ...tcp([[22, 22]]) }),
      r(4, { action: "reject" }),
    ];
    const result = analyzeRuleSet(content(rules), DROP);
    expect(result.findings).toEqual([]);
    expect(result.byRule).toEqual({ rcase01: [], rcase02: [], rcase03: [], rcase04: [] });
    expect(
      analyzeRuleSet(content(rules.map((x) => ({ ...x, enabled: true }))), DROP).findings.map((f) => [
        f.ruleId,
        f.kind,
      ]),
    ).toEqual([
      ["rcase01", "redundant"],
      ["rcase02", "shadowed-conflict"],
      ["rcase03", "shadowed-conflict"],
      ["rcase04", "shadowed-redundant"],
    ]);
  });

  test("chains are analysed separately", () => {
    const rules = [r(1, { chain: "forward", action: "reject" }), r(2, { chain: "input", ...tcp([[22, 22]]) })];
    expect(findings(rules, DROP)).toEqual([]);
  });

  test("rules whose own fields match nothing are reported with the reason", () => {
    const rules = [
      r(1, { family: "ipv6", protocol: "icmp" }),
      r(2, { family: "ipv6", src: { kind: "list", list: "office", negate: false } }),
      r(3, { family: "both", protocol: "icmp" }), // fine: the IPv4 half matches
    ];
    expect(findings(rules, DROP, [list("office", ["10.0.0.0/8"])]).map((f) => [f.rule, f.kind, f.message])).toEqual([
      ["rcase01", "redundant", "Rule #1 never matches: protocol icmp does not exist in IPv6"],
      ["rcase02", "redundant", "Rule #2 never matches: source list 'office' has no IPv6 entries"],
    ]);
  });
});

describe("redundancy: removal changes no verdict", () => {
  test("a rule whose packets a later rule decides alike", () => {
    const rules = [
      r(1, { ...tcp([[22, 22]]), action: "drop", src: src("10.0.0.0/8"), comment: "no ssh" }),
      r(2, { action: "drop", protocol: "tcp" }),
      r(3, {}),
    ];
    expect(findings(rules)).toEqual([
      {
        rule: "rcase01",
        kind: "redundant",
        severity: "warning",
        by: ["rcase02"],
        message: "Rule #1 (no ssh) is redundant: every packet it decides would still be dropped by rule #2",
      },
      {
        rule: "rcase03",
        kind: "redundant",
        severity: "warning",
        by: [],
        message:
          "Rule #3 is redundant: every packet it decides would still be accepted by the input chain's default policy (accept)",
      },
    ]);
  });

  test("the default policy is a parameter per chain", () => {
    const rules = [r(1, tcp([[22, 22]])), r(2, { chain: "forward", action: "drop", protocol: "udp" })];
    expect(
      findings(rules, { defaultPolicy: { input: "drop", forward: "drop" } }).map((f) => [f.rule, f.message]),
    ).toEqual([
      [
        "rcase02",
        "Rule #2 is redundant: every packet it decides would still be dropped by the forward chain's default policy (drop)",
      ],
    ]);
    expect(findings(rules, { defaultPolicy: { input: "drop" } })).toEqual([]);
    expect(findings(rules).map((f) => f.rule)).toEqual(["rcase01"]);
  });

  test("later rules and the default policy together", () => {
    const rules = [
      r(1, { family: "ipv4", protocol: "tcp", src: src("10.0.0.0/8") }),
      r(2, { family: "ipv4", src: src("10.0.0.0/9"), comment: "low half" }),
      r(3, { chain: "forward", action: "drop", protocol: "udp" }),
    ];
    expect(findings(rules).map((f) => f.message)).toEqual([
      "Rule #1 is redundant: every packet it decides would still be accepted by rule #2 (low half) or the input chain's default policy (accept)",
      "Rule #2 (low half) is redundant: every packet it decides would still be accepted by the input chain's default policy (accept)",
    ]);
    // In one chain, #3 drops #2's udp packets without it: only #1 can go.
    const oneChain = [rules[0], rules[1], { ...rules[2], chain: "input" as const }];
    expect(findings(oneChain).map((f) => f.rule)).toEqual(["rcase01"]);
  });

  test("a later rule with another action for part of the packets keeps a rule needed", () => {
    const rules = [r(1, tcp([[22, 22]])), r(2, { action: "drop", src: src("192.0.2.0/24") })];
    expect(findings(rules)).toEqual([]);
  });

  test("rules that only shadowed rules follow are not called redundant because of them", () => {
    const rules = [r(1, tcp([[22, 22]])), r(2, tcp([[22, 22]], { src: src("10.0.0.0/8") })), r(3, tcp([[22, 22]]))];
    expect(findings(rules, DROP).map((f) => [f.rule, f.kind])).toEqual([
      ["rcase02", "shadowed-redundant"],
      ["rcase03", "shadowed-redundant"],
    ]);
  });
});

describe("covered only by several earlier rules together", () => {
  // #4 needs all three earlier rules: 10.0/9 x 50-150 is split between #1 and #3.
  const rules = [
    r(1, { ...tcp([[1, 100]]), family: "ipv4", src: src("10.0.0.0/9") }),
    r(2, { ...tcp([[1, 200]]), family: "ipv4", src: src("10.128.0.0/9") }),
    r(3, { ...tcp([[101, 200]]), family: "ipv4", src: src("10.0.0.0/9") }),
    r(4, { ...tcp([[50, 150]]), family: "ipv4", src: src("10.0.0.0/8"), comment: "covered" }),
  ];

  test("the pieces are followed exactly and every rule that takes a piece is named", () => {
    expect(findings(rules, DROP).map((f) => [f.rule, f.by])).toEqual([["rcase04", ["rcase01", "rcase02", "rcase03"]]]);
  });
});
