import { describe, expect, it } from "vitest";
import { contentHash } from "@/lib/rulesets/content-hash";
import { content, rule } from "@/tests/support/rule-fixtures";
import { describeRule } from "./describe";
import { parseIcmpType } from "./icmp-types";
import { ruleSchema, ruleSetContentSchema } from "./schema";

const messages = (r: unknown) => {
  const p = ruleSchema.safeParse(r);
  return p.success ? [] : p.error.issues.map((i) => [i.path.join("."), i.message]);
};

describe("matchers in the rule model (issue #20)", () => {
  it("content stored before the matchers parses to the same object and the same hash", () => {
    const old = content([rule({ protocol: "tcp", dstPorts: [{ from: 22, to: 22 }] })]);
    const stored = JSON.parse(JSON.stringify(old));
    const parsed = ruleSetContentSchema.parse(stored);
    expect(parsed).toEqual(old);
    expect(Object.keys(parsed.rules[0])).not.toContain("icmpTypes");
    expect(contentHash(parsed)).toBe(contentHash(old));
  });

  it("messages at the field for bad matchers", () => {
    expect(messages(rule({ protocol: "tcp", icmpTypes: [{ type: 8 }] }))).toEqual([
      ["icmpTypes", "ICMP types need protocol icmp or icmpv6"],
    ]);
    expect(
      messages(rule({ protocol: "icmp", family: "ipv4", icmpTypes: [{ type: 3 }, { type: 3, code: 4 }] })),
    ).toEqual([["icmpTypes.1", "ICMP type fragmentation-needed is already matched by every code of type 3"]]);
    expect(messages(rule({ protocol: "icmp", family: "ipv4", icmpTypes: [{ type: 300 }] }))).toEqual([
      ["icmpTypes.0.type", "ICMP type must be 0-255"],
    ]);
    expect(messages(rule({ ttl: { op: "less-than", value: 0 } }))).toEqual([
      ["ttl.value", "no packet has a TTL less than 0"],
    ]);
    expect(messages(rule({ rateLimit: { rate: 0, per: "second", burst: 5 } }))).toEqual([
      ["rateLimit.rate", "rate must be at least 1"],
    ]);
  });

  it("describes each matcher in the rule's sentence", () => {
    expect(
      describeRule(
        rule({
          family: "ipv6",
          protocol: "icmpv6",
          icmpTypes: [{ type: 135 }, { type: 130, code: 0 }],
          ttl: { op: "equal", value: 255 },
          natState: "not-dstnat",
          rateLimit: { rate: 1000, per: "second", burst: 5 },
        }),
      ),
    ).toBe(
      "accept ipv6 icmpv6 type neighbour-solicitation, 130/0 from any to any on input with hop limit = 255 if not dst-natted at most 1000/second (burst 5)",
    );
  });

  it("reads ICMP names per version, numbers and type/code", () => {
    expect(parseIcmpType("destination-unreachable", "icmp")).toEqual({ type: 3 });
    expect(parseIcmpType("destination-unreachable", "icmpv6")).toEqual({ type: 1 });
    expect(parseIcmpType("neighbor-solicitation", "icmpv6")).toEqual({ type: 135 });
    expect(parseIcmpType("130/0", "icmpv6")).toEqual({ type: 130, code: 0 });
    expect(parseIcmpType("echo-requst", "icmp")).toBeNull();
    expect(parseIcmpType("256", "icmp")).toBeNull();
  });
});
