import { describe, expect, test } from "vitest";
import type { Rule } from "../schema";
import { content, list, rule } from "@/tests/support/rule-fixtures";
import { packetSchema, type Packet } from "./packet-schema";
import { testPacket } from "./packet-tester";

function r(n: number, fields: Partial<Rule> = {}): Rule {
  return rule({ id: `rtest${String(n).padStart(2, "0")}`, ...fields });
}

const packet = (fields: Partial<Packet> = {}): Packet => ({
  chain: "input",
  src: "192.0.2.1",
  dst: "10.0.0.1",
  protocol: "tcp",
  srcPort: 40000,
  dstPort: 80,
  state: "new",
  ...fields,
});

const office = list("office", ["10.1.0.0/16", "2001:db8::/32"]);

describe("testPacket", () => {
  const rules = [
    r(1, { src: { kind: "list", list: "office", negate: false }, comment: "office" }),
    r(2, { protocol: "tcp", dstPorts: [{ from: 22, to: 22 }], enabled: false }),
    r(3, { protocol: "udp", dstPorts: [{ from: 53, to: 53 }] }),
    r(4, {
      protocol: "tcp",
      dstPorts: [
        { from: 22, to: 22 },
        { from: 443, to: 443 },
      ],
    }),
    r(5, { chain: "forward", action: "drop" }),
    r(6, { action: "reject", protocol: "tcp", inInterface: "ether1", states: ["established", "related"] }),
    r(7, { action: "drop", family: "ipv6" }),
    r(8, { action: "reject", dst: { kind: "addresses", values: ["10.0.0.0/8"], negate: true } }),
  ];

  test("a packet no rule matches gets the default policy, with the reason for every rule of its chain", () => {
    const result = testPacket(content(rules, [office]), packet(), { defaultPolicy: { input: "drop" } });
    expect(result).toEqual({
      verdict: "drop",
      decidedBy: "default-policy",
      trace: [
        { ruleId: "rtest01", matched: false, reasons: ["source 192.0.2.1 is not in office"] },
        { ruleId: "rtest02", matched: false, reasons: ["rule is disabled"] },
        { ruleId: "rtest03", matched: false, reasons: ["protocol tcp is not udp"] },
        { ruleId: "rtest04", matched: false, reasons: ["destination port 80 not in 22, 443"] },
        {
          ruleId: "rtest06",
          matched: false,
          reasons: ["the packet has no in-interface; the rule needs ether1", "state new is not established or related"],
        },
        { ruleId: "rtest07", matched: false, reasons: ["rule is for IPv6 only; the packet is IPv4"] },
        {
          ruleId: "rtest08",
          matched: false,
          reasons: ["destination 10.0.0.1 is in 10.0.0.0/8, which the rule excludes"],
        },
      ],
    });
  });

  test("first match wins and the trace stops there", () => {
    const result = testPacket(content(rules, [office]), packet({ dstPort: 443 }));
    expect(result.verdict).toBe("accept");
    expect(result.decidedBy).toBe("rtest04");
    expect(result.trace.map((s) => [s.ruleId, s.matched])).toEqual([
      ["rtest01", false],
      ["rtest02", false],
      ["rtest03", false],
      ["rtest04", true],
    ]);
    expect(testPacket(content(rules, [office]), packet()).decidedBy).toBe("default-policy");
    expect(testPacket(content(rules, [office]), packet()).verdict).toBe("accept");
  });

  test("lists, interfaces, states and IPv6", () => {
    const c = content(rules, [office]);
    expect(testPacket(c, packet({ src: "10.1.2.3" })).decidedBy).toBe("rtest01");
    expect(testPacket(c, packet({ inInterface: "ether1", state: "established" })).decidedBy).toBe("rtest06");
    expect(testPacket(c, packet({ inInterface: "ether2", state: "established" })).trace[4].reasons).toEqual([
      "in-interface ether2 is not ether1",
    ]);
    expect(testPacket(c, packet({ src: "2001:db8::5", dst: "2001:db9::1" })).decidedBy).toBe("rtest01");
    expect(testPacket(c, packet({ src: "2001:db9::5", dst: "2001:db9::1" })).decidedBy).toBe("rtest07");
    expect(testPacket(c, packet({ dst: "192.0.2.9" })).decidedBy).toBe("rtest08");
  });

  test("protocols without ports, icmp per family, and numbers", () => {
    const c = content([
      r(1, { protocol: "tcp", dstPorts: [{ from: 22, to: 22 }] }),
      r(2, { protocol: "icmp" }),
      r(3, { protocol: "icmpv6" }),
      r(4, { protocol: 47 }),
    ]);
    const icmp = testPacket(c, packet({ protocol: "icmp", srcPort: undefined, dstPort: undefined }));
    expect(icmp.decidedBy).toBe("rtest02");
    expect(icmp.trace[0].reasons).toEqual(["protocol icmp is not tcp"]);
    const v6 = testPacket(
      c,
      packet({ src: "2001:db8::1", dst: "2001:db8::2", protocol: "icmpv6", srcPort: undefined, dstPort: undefined }),
    );
    expect(v6.decidedBy).toBe("rtest03");
    expect(v6.trace[1].reasons).toEqual(["protocol icmp is for IPv4; the packet is IPv6"]);
    const gre = testPacket(c, packet({ protocol: 47, srcPort: undefined, dstPort: undefined }));
    expect(gre.decidedBy).toBe("rtest04");
    expect(gre.trace[2].reasons).toEqual(["protocol icmpv6 is for IPv6; the packet is IPv4"]);
    expect(testPacket(c, packet({ protocol: 6, dstPort: 22 })).decidedBy).toBe("rtest01");
    expect(testPacket(c, packet({ dstPort: undefined })).trace[0].reasons).toEqual([
      "the packet has no destination port; the rule needs 22",
    ]);
  });
});

describe("packetSchema", () => {
  function issues(value: unknown): [string, string][] {
    const result = packetSchema.safeParse(value);
    return result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message]);
  }

  test("a valid packet parses", () => {
    expect(issues(packet())).toEqual([]);
    expect(issues(packet({ protocol: 47, srcPort: undefined, dstPort: undefined, inInterface: null }))).toEqual([]);
  });

  test.each([
    [{ src: "10.0.0.300" }, [["src", "10.0.0.300 is not an IPv4 address"]]],
    [{ dst: "10.0.0.0/8" }, [["dst", "10.0.0.0/8 is a prefix; a packet has one address"]]],
    [{ dst: "2001:db8::1" }, [["dst", "the source is IPv4, so the destination must be too"]]],
    [
      { protocol: "icmp" },
      [
        ["srcPort", "ports need protocol tcp or udp"],
        ["dstPort", "ports need protocol tcp or udp"],
      ],
    ],
    [
      { protocol: "icmpv6", srcPort: undefined, dstPort: undefined },
      [["protocol", "protocol icmpv6 is for IPv6; use icmp for IPv4 addresses"]],
    ],
    [{ protocol: "gre" }, [["protocol", "protocol must be tcp, udp, icmp, icmpv6 or a number 0-255"]]],
    [{ dstPort: 70000 }, [["dstPort", "port 70000 is outside 1-65535"]]],
    [{ chain: "output", inInterface: "ether1" }, [["inInterface", "a packet on the output chain has no in-interface"]]],
    [{ state: "open" }, [["state", expect.stringContaining("established")]]],
  ] as const)("%o", (fields, expected) => {
    expect(issues({ ...packet(), ...fields })).toEqual(expected);
  });
});
