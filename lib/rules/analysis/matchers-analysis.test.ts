import { describe, expect, test } from "vitest";
import type { Rule } from "../schema";
import { content, rule } from "@/tests/support/rule-fixtures";
import { analyzeRuleSet, type AnalysisOptions } from "./analyze-rule-set";
import { testPacket } from "./packet-tester";
import type { Packet } from "./packet-schema";

/** The issue #20 matchers in the analysis (exact shadowing) and in the packet tester (exact, stated assumptions). */
const DROP: AnalysisOptions = { defaultPolicy: { input: "drop", forward: "drop", output: "drop" } };
const r = (n: number, fields: Partial<Rule>): Rule => rule({ id: `rmatch0${n}`, ...fields });
const kinds = (rules: Rule[]) =>
  analyzeRuleSet(content(rules), DROP).findings.map((f) => [f.ruleId, f.kind, f.byRuleIds]);
const ping = { family: "ipv4", protocol: "icmp" } as const;

describe("analysis", () => {
  test("an ICMP type rule is shadowed by a rule for all codes of that type, not by one for another type", () => {
    expect(
      kinds([
        r(1, { ...ping, action: "drop", icmpTypes: [{ type: 8 }] }),
        r(2, { ...ping, icmpTypes: [{ type: 8, code: 0 }] }),
        r(3, { ...ping, icmpTypes: [{ type: 0 }] }),
      ]),
    ).toEqual([
      ["rmatch01", "redundant", []],
      ["rmatch02", "shadowed-conflict", ["rmatch01"]],
    ]);
  });

  test("TTL ranges: '< 2' holds '= 1', and '> 63' does not hold '= 1'", () => {
    expect(
      kinds([
        r(1, { action: "drop", ttl: { op: "less-than", value: 2 } }),
        r(2, { ttl: { op: "equal", value: 1 } }),
        r(3, { ttl: { op: "greater-than", value: 63 } }),
      ]),
    ).toEqual([
      ["rmatch01", "redundant", []],
      ["rmatch02", "shadowed-conflict", ["rmatch01"]],
    ]);
  });

  test("a rate-limited rule shadows nothing (packets over the limit go on), and dstnat / not-dstnat split the space", () => {
    expect(
      kinds([
        r(1, { ...ping, rateLimit: { rate: 10, per: "second", burst: 5 } }),
        r(2, { ...ping, action: "drop" }),
        r(3, { chain: "forward", action: "drop", natState: "not-dstnat" }),
        r(4, { chain: "forward", natState: "dstnat" }),
        r(5, { chain: "forward", action: "reject" }),
      ]),
    ).toEqual([
      // rmatch02 is only redundant with the drop policy: not shadowed by the limited accept before it
      ["rmatch02", "redundant", []],
      ["rmatch03", "redundant", []],
      ["rmatch05", "shadowed-conflict", ["rmatch03", "rmatch04"]],
    ]);
  });
});

describe("packet tester", () => {
  const echo: Packet = { chain: "input", src: "192.0.2.1", dst: "192.0.2.2", protocol: "icmp", state: "new" };

  test("ICMP type and code decide, with the reason in the rule's names", () => {
    const c = content([r(1, { ...ping, icmpTypes: [{ type: 3, code: 4 }] })]);
    expect(testPacket(c, { ...echo, icmpType: 3, icmpCode: 4 }, DROP).decidedBy).toBe("rmatch01");
    const miss = testPacket(c, { ...echo, icmpType: 8 }, DROP);
    expect(miss.decidedBy).toBe("default-policy");
    expect(miss.trace[0].reasons).toEqual(["ICMP type echo-request is not fragmentation-needed"]);
  });

  test("TTL defaults to 64 and says so; NAT state needs the packet's flag", () => {
    const c = content([r(1, { ttl: { op: "less-than", value: 2 } }), r(2, { natState: "dstnat", action: "drop" })]);
    const t = testPacket(c, echo, DROP);
    expect(t.trace[0].reasons).toEqual(["TTL 64 (assumed 64) is not < 2"]);
    expect(t.trace[1].reasons).toEqual([
      "the connection was not dst-natted; the rule needs a port-forwarded connection",
    ]);
    expect(testPacket(c, { ...echo, ttl: 1 }, DROP).decidedBy).toBe("rmatch01");
    expect(testPacket(c, { ...echo, dstNatted: true }, DROP).decidedBy).toBe("rmatch02");
  });

  test("a rate limit is state: the tester assumes the packet within it and says so, or over it when told", () => {
    const c = content([
      r(1, { ...ping, rateLimit: { rate: 10, per: "second", burst: 5 } }),
      r(2, { ...ping, action: "reject" }),
    ]);
    const under = testPacket(c, echo, DROP);
    expect(under.decidedBy).toBe("rmatch01");
    expect(under.trace[0].assumptions).toEqual([
      "assumed within the rate limit of 10/second (burst 5); over it, the packet goes on to the next rule",
    ]);
    expect(testPacket(c, { ...echo, overLimit: true }, DROP)).toMatchObject({
      decidedBy: "rmatch02",
      verdict: "reject",
    });
  });
});
