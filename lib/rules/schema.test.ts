import { describe, expect, test } from "vitest";
import type { z } from "zod";
import {
  addressListEntrySchema,
  addressListSchema,
  addressMatchSchema,
  portRangeSchema,
  protocolSchema,
  ruleSchema,
  ruleSetContentSchema,
  ruleSetMetaSchema,
} from "./schema";
import { content, list, rule } from "@/tests/support/rule-fixtures";

function issues(schema: z.ZodType, value: unknown): [string, string][] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((i) => [i.path.join("."), i.message]);
}

describe("ruleSchema: fields", () => {
  test("a complete valid rule parses unchanged", () => {
    const r = rule({
      protocol: "tcp",
      src: { kind: "addresses", values: ["10.0.0.0/8", "2001:db8::/32"], negate: true },
      dst: { kind: "list", list: "office", negate: false },
      srcPorts: [{ from: 1024, to: 65535 }],
      dstPorts: [{ from: 22, to: 22 }],
      inInterface: "ether1",
      states: ["new", "established"],
      log: true,
      logPrefix: "ssh-in",
      comment: "SSH from office – café € “quoted”",
    });
    expect(ruleSchema.parse(r)).toEqual(r);
  });

  test.each([
    ["rabcdef", []],
    ["r" + "a".repeat(24), []],
    ["rabcde", [["id", "rule id must be 'r' followed by 6-24 lowercase letters or digits"]]],
    ["r" + "a".repeat(25), [["id", "rule id must be 'r' followed by 6-24 lowercase letters or digits"]]],
    ["rABCDEF", [["id", "rule id must be 'r' followed by 6-24 lowercase letters or digits"]]],
    ["xabcdef", [["id", "rule id must be 'r' followed by 6-24 lowercase letters or digits"]]],
  ])("id %j", (id, expected) => {
    expect(issues(ruleSchema, rule({ id }))).toEqual(expected);
  });

  test.each([
    ["any", true],
    ["tcp", true],
    ["icmpv6", true],
    [0, true],
    [47, true],
    [255, true],
    [256, false],
    [-1, false],
    [1.5, false],
    ["gre", false],
  ])("protocol %j valid=%s", (protocol, ok) => {
    expect(protocolSchema.safeParse(protocol).success).toBe(ok);
  });

  test("protocol number messages", () => {
    expect(issues(protocolSchema, 256)).toEqual([["", "protocol number must be 0-255"]]);
    expect(issues(protocolSchema, 1.5)).toEqual([["", "protocol number must be a whole number"]]);
    expect(issues(protocolSchema, "gre")).toEqual([
      ["", "protocol must be any, tcp, udp, icmp, icmpv6 or a number 0-255"],
    ]);
    expect(issues(protocolSchema, null)).toEqual([
      ["", "protocol must be any, tcp, udp, icmp, icmpv6 or a number 0-255"],
    ]);
  });

  test.each([
    [6, "protocol number 6 is tcp; choose tcp instead"],
    [17, "protocol number 17 is udp; choose udp instead"],
    [1, "protocol number 1 is icmp; choose icmp instead"],
    [58, "protocol number 58 is icmpv6; choose icmpv6 instead"],
  ])("named protocol number %i is refused", (protocol, message) => {
    expect(issues(ruleSchema, rule({ protocol }))).toEqual([["protocol", message]]);
  });

  test.each([
    ["ether1", []],
    ["br-lan", []],
    ["vlan10.eth0", []],
    ["wg0@x+y_z", []],
    ["", [["inInterface", "interface name is required"]]],
    ["a".repeat(33), [["inInterface", "interface name must be at most 32 characters"]]],
    ["eth 0", [["inInterface", "interface name may use only letters, digits and . _ @ + -"]]],
    ["-eth0", [["inInterface", "interface name may use only letters, digits and . _ @ + -"]]],
    ["eth0\n", [["inInterface", "interface name may use only letters, digits and . _ @ + -"]]],
  ])("inInterface %j", (inInterface, expected) => {
    expect(issues(ruleSchema, rule({ inInterface }))).toEqual(expected);
  });

  test("enums refuse unknown values", () => {
    expect(issues(ruleSchema, { ...rule(), chain: "prerouting" }).map(([p]) => p)).toEqual(["chain"]);
    expect(issues(ruleSchema, { ...rule(), action: "masquerade" }).map(([p]) => p)).toEqual(["action"]);
    expect(issues(ruleSchema, { ...rule(), family: "ipv5" }).map(([p]) => p)).toEqual(["family"]);
    expect(issues(ruleSchema, { ...rule(), states: ["bogus"] }).map(([p]) => p)).toEqual(["states.0"]);
  });

  test("duplicate states", () => {
    expect(issues(ruleSchema, rule({ states: ["new", "established", "new"] }))).toEqual([
      ["states.2", "state new is listed twice"],
    ]);
  });

  test("missing fields are reported per field", () => {
    const { comment: _comment, ...withoutComment } = rule();
    expect(issues(ruleSchema, withoutComment).map(([p]) => p)).toEqual(["comment"]);
  });
});

describe("ruleSchema: addresses", () => {
  test.each([
    [{ kind: "any" }, []],
    [{ kind: "addresses", values: ["10.0.0.1"], negate: false }, []],
    [{ kind: "addresses", values: [], negate: false }, [["values", "add at least one address"]]],
    [{ kind: "addresses", values: ["10.0.0.300"], negate: false }, [["values.0", "10.0.0.300 is not an IPv4 address"]]],
    [
      { kind: "addresses", values: ["10.0.0.1", "10.0.0.1/8"], negate: false },
      [["values.1", "10.0.0.1/8 has host bits set; did you mean 10.0.0.0/8?"]],
    ],
    [
      { kind: "addresses", values: ["10.0.0.1", "10.0.0.1"], negate: false },
      [["values.1", "10.0.0.1 is listed twice"]],
    ],
    [
      { kind: "addresses", values: ["10.0.0.0/24", "10.0.0.0-10.0.0.255"], negate: false },
      [["values.1", "10.0.0.0-10.0.0.255 covers the same addresses as 10.0.0.0/24"]],
    ],
    [{ kind: "list", list: "office", negate: true }, []],
    [
      { kind: "list", list: "9office", negate: true },
      [["list", "list name must start with a letter and use only letters, digits, '_' and '-'"]],
    ],
    [{ kind: "list", list: "", negate: true }, [["list", "list name is required"]]],
  ])("%j", (match, expected) => {
    expect(issues(addressMatchSchema, match)).toEqual(expected);
  });

  test("at most 64 addresses", () => {
    const values = Array.from({ length: 65 }, (_, i) => `10.0.0.${i}`);
    expect(issues(addressMatchSchema, { kind: "addresses", values, negate: false })).toEqual([
      ["values", "at most 64 addresses; use an address list for more"],
    ]);
    expect(issues(addressMatchSchema, { kind: "addresses", values: values.slice(0, 64), negate: false })).toEqual([]);
  });

  test("surrounding spaces are trimmed from address values", () => {
    expect(addressMatchSchema.parse({ kind: "addresses", values: [" 10.0.0.1 "], negate: false })).toEqual({
      kind: "addresses",
      values: ["10.0.0.1"],
      negate: false,
    });
  });

  test("unknown kind", () => {
    expect(issues(addressMatchSchema, { kind: "host" }).map(([p]) => p)).toEqual(["kind"]);
  });

  test.each([
    ["ipv4", "src", "2001:db8::1", [["src.values.1", "an IPv6 address in an ipv4 rule"]]],
    ["ipv4", "dst", "2001:db8::/32", [["dst.values.1", "an IPv6 address in an ipv4 rule"]]],
    ["ipv6", "src", "10.0.0.1", [["src.values.0", "an IPv4 address in an ipv6 rule"]]],
    ["ipv6", "dst", "10.0.0.0-10.0.0.9", [["dst.values.0", "an IPv4 address in an ipv6 rule"]]],
    ["both", "src", "10.0.0.1", []],
  ] as const)("family %s with %s %s", (family, side, address, expected) => {
    const values =
      family === "ipv4"
        ? ["10.0.0.1", address]
        : family === "ipv6"
          ? [address, "2001:db8::1"]
          : [address, "2001:db8::1"];
    expect(issues(ruleSchema, rule({ family, [side]: { kind: "addresses", values, negate: false } }))).toEqual(
      expected,
    );
  });

  test("a rule for both families cannot have IPv4-only sources and IPv6-only destinations", () => {
    const r = rule({
      src: { kind: "addresses", values: ["10.0.0.1"], negate: false },
      dst: { kind: "addresses", values: ["2001:db8::1"], negate: false },
    });
    expect(issues(ruleSchema, r)).toEqual([
      ["dst.values.0", "sources are IPv4 but destinations are IPv6; no packet can match both"],
    ]);
    const mixed = rule({
      src: { kind: "addresses", values: ["10.0.0.1", "2001:db8::2"], negate: false },
      dst: { kind: "addresses", values: ["2001:db8::1"], negate: false },
    });
    expect(issues(ruleSchema, mixed)).toEqual([]);
  });
});

describe("ruleSchema: cross-field checks", () => {
  test.each([
    ["tcp", []],
    ["udp", []],
    ["any", [["dstPorts", "ports need protocol tcp or udp"]]],
    ["icmp", [["dstPorts", "ports need protocol tcp or udp"]]],
    [47, [["dstPorts", "ports need protocol tcp or udp"]]],
  ] as const)("dstPorts with protocol %j", (protocol, expected) => {
    expect(issues(ruleSchema, rule({ protocol, dstPorts: [{ from: 80, to: 80 }] }))).toEqual(expected);
  });

  test("srcPorts need tcp or udp too", () => {
    expect(issues(ruleSchema, rule({ protocol: "any", srcPorts: [{ from: 53, to: 53 }] }))).toEqual([
      ["srcPorts", "ports need protocol tcp or udp"],
    ]);
  });

  test("port ranges are checked per entry", () => {
    expect(
      issues(
        ruleSchema,
        rule({
          protocol: "tcp",
          dstPorts: [
            { from: 80, to: 80 },
            { from: 0, to: 70000 },
          ],
        }),
      ),
    ).toEqual([
      ["dstPorts.1.from", "port 0 is outside 1-65535"],
      ["dstPorts.1.to", "port 70000 is outside 1-65535"],
    ]);
    expect(issues(portRangeSchema, { from: 90, to: 80 })).toEqual([["to", "port range 90-80 is backwards"]]);
    expect(issues(portRangeSchema, { from: 1.5, to: 80 })).toContainEqual(["from", "port must be a whole number"]);
  });

  test("at most 64 port ranges", () => {
    const dstPorts = Array.from({ length: 65 }, (_, i) => ({ from: i + 1, to: i + 1 }));
    expect(issues(ruleSchema, rule({ protocol: "tcp", dstPorts }))).toEqual([["dstPorts", "at most 64 port ranges"]]);
  });

  test.each([
    ["input", "ether1", null, []],
    ["forward", "ether1", "ether2", []],
    ["output", null, "ether2", []],
    ["output", "ether1", null, [["inInterface", "in-interface is not allowed on the output chain"]]],
    ["input", null, "ether2", [["outInterface", "out-interface is not allowed on the input chain"]]],
  ] as const)("chain %s in %s out %s", (chain, inInterface, outInterface, expected) => {
    expect(issues(ruleSchema, rule({ chain, inInterface, outInterface }))).toEqual(expected);
  });

  test.each([
    ["icmp", "ipv4", []],
    ["icmp", "both", []],
    ["icmpv6", "ipv6", []],
    ["icmpv6", "both", []],
    ["icmp", "ipv6", [["protocol", "protocol icmp is for IPv4; use icmpv6 in an ipv6 rule"]]],
    ["icmpv6", "ipv4", [["protocol", "protocol icmpv6 is for IPv6; use icmp in an ipv4 rule"]]],
  ] as const)("protocol %s family %s", (protocol, family, expected) => {
    expect(issues(ruleSchema, rule({ protocol, family }))).toEqual(expected);
  });

  test.each([
    [true, "", []],
    [true, "x".repeat(32), []],
    [true, "x".repeat(33), [["logPrefix", "log prefix must be at most 32 characters"]]],
    [false, "", []],
    [false, "ssh", [["logPrefix", "a log prefix needs logging turned on"]]],
    [true, "bad\tprefix", [["logPrefix", "log prefix contains a control character (tab)"]]],
    [true, "drop 🚫", [["logPrefix", "log prefix contains '🚫', which routers cannot store"]]],
  ])("log %s prefix %j", (log, logPrefix, expected) => {
    expect(issues(ruleSchema, rule({ log, logPrefix }))).toEqual(expected);
  });
});

describe("ruleSchema: comment", () => {
  test.each([
    ["", []],
    ["allow SSH from the office", []],
    ["x".repeat(255), []],
    ["Grüße, naïve café — “ok” … €5 ™", []],
    ["x".repeat(256), [["comment", "comment must be at most 255 characters"]]],
    ["hi 😀", [["comment", "comment contains '😀', which routers cannot store"]]],
    ["Ω", [["comment", "comment contains 'Ω', which routers cannot store"]]],
    ["中文", [["comment", "comment contains '中', which routers cannot store"]]],
    ["line\nbreak", [["comment", "comment contains a control character (newline)"]]],
    ["nul\u0000", [["comment", "comment contains a control character (NUL)"]]],
    ["cr\r", [["comment", "comment contains a control character (carriage return)"]]],
    ["tab\t", [["comment", "comment contains a control character (tab)"]]],
    ["esc\u001b", [["comment", "comment contains a control character (U+001B)"]]],
    ["del\u007f", [["comment", "comment contains a control character (U+007F)"]]],
    ["c1\u0085", [["comment", "comment contains a control character (U+0085)"]]],
    ["ls\u2028", [["comment", "comment contains a control character (line separator)"]]],
    [
      "both\n😀",
      [
        ["comment", "comment contains a control character (newline)"],
        ["comment", "comment contains '😀', which routers cannot store"],
      ],
    ],
  ])("%j", (comment, expected) => {
    expect(issues(ruleSchema, rule({ comment }))).toEqual(expected);
  });

  test("decomposed accents are normalised to the cp1252 form", () => {
    expect(ruleSchema.parse(rule({ comment: "cafe\u0301" })).comment).toBe("café");
  });
});

describe("address lists", () => {
  test("entries", () => {
    expect(issues(addressListEntrySchema, { address: "10.0.0.0/8", comment: "LAN" })).toEqual([]);
    expect(issues(addressListEntrySchema, { address: "10.0.0.1/8", comment: "" })).toEqual([
      ["address", "10.0.0.1/8 has host bits set; did you mean 10.0.0.0/8?"],
    ]);
    expect(issues(addressListEntrySchema, { address: "10.0.0.1", comment: "a\nb" })).toEqual([
      ["comment", "comment contains a control character (newline)"],
    ]);
    expect(issues(addressListEntrySchema, { address: "10.0.0.1", comment: "🔥" })).toEqual([
      ["comment", "comment contains '🔥', which routers cannot store"],
    ]);
  });

  test("a list may mix families and be empty", () => {
    expect(issues(addressListSchema, list("office", ["10.0.0.0/8", "2001:db8::/32"]))).toEqual([]);
    expect(issues(addressListSchema, list("office"))).toEqual([]);
  });

  test("duplicate entries", () => {
    expect(issues(addressListSchema, list("office", ["10.0.0.1", "10.0.0.2", "10.0.0.1"]))).toEqual([
      ["entries.2.address", "10.0.0.1 is listed twice"],
    ]);
    expect(issues(addressListSchema, list("office", ["2001:db8::1", "2001:DB8:0::1/128"]))).toEqual([
      ["entries.1.address", "2001:DB8:0::1/128 covers the same addresses as 2001:db8::1"],
    ]);
  });

  test.each([
    ["office", []],
    ["Office_2-b", []],
    ["a".repeat(48), []],
    ["a".repeat(49), [["name", "list name must be at most 48 characters"]]],
    ["2office", [["name", "list name must start with a letter and use only letters, digits, '_' and '-'"]]],
    ["off ice", [["name", "list name must start with a letter and use only letters, digits, '_' and '-'"]]],
    ["office\n", [["name", "list name must start with a letter and use only letters, digits, '_' and '-'"]]],
  ])("list name %j", (name, expected) => {
    expect(issues(addressListSchema, list(name))).toEqual(expected);
  });
});

describe("ruleSetContentSchema", () => {
  test("valid content with a list reference", () => {
    const c = content(
      [rule({ src: { kind: "list", list: "office", negate: false } })],
      [list("office", ["10.0.0.0/8"])],
    );
    expect(ruleSetContentSchema.parse(c)).toEqual(c);
  });

  test("empty content is valid", () => {
    expect(issues(ruleSetContentSchema, content())).toEqual([]);
  });

  test("a reference to a missing list", () => {
    const c = content([rule(), rule({ id: "rtest002", dst: { kind: "list", list: "office", negate: false } })]);
    expect(issues(ruleSetContentSchema, c)).toEqual([["rules.1.dst.list", "address list 'office' does not exist"]]);
  });

  test("a reference with the wrong case gets a hint", () => {
    const c = content([rule({ src: { kind: "list", list: "Office", negate: true } })], [list("office")]);
    expect(issues(ruleSetContentSchema, c)).toEqual([
      ["rules.0.src.list", "address list 'Office' does not exist; did you mean 'office'?"],
    ]);
  });

  test("list names are unique, ignoring case", () => {
    expect(issues(ruleSetContentSchema, content([], [list("office"), list("lan"), list("office")]))).toEqual([
      ["addressLists.2.name", "address list 'office' is defined twice"],
    ]);
    expect(issues(ruleSetContentSchema, content([], [list("office"), list("Office")]))).toEqual([
      ["addressLists.1.name", "address list 'Office' clashes with 'office'"],
    ]);
  });

  test("rule ids are unique", () => {
    expect(issues(ruleSetContentSchema, content([rule(), rule({ id: "rtest002" }), rule()]))).toEqual([
      ["rules.2.id", "rule #3 has the same id as rule #1 ('rtest001')"],
    ]);
  });

  test("issue paths reach into rules and lists", () => {
    const c = content(
      [
        rule(),
        rule(),
        rule(),
        rule({ id: "rtest004", family: "ipv4", src: { kind: "addresses", values: ["::1"], negate: false } }),
      ].map((r, i) => ({
        ...r,
        id: `rtest00${i + 1}`,
      })),
      [list("office", ["10.0.0.1", "nope"])],
    );
    expect(issues(ruleSetContentSchema, c)).toEqual([
      ["rules.3.src.values.0", "an IPv6 address in an ipv4 rule"],
      ["addressLists.0.entries.1.address", "nope is not an IPv4 address"],
    ]);
  });

  test("malformed input reports issues without throwing", () => {
    expect(ruleSetContentSchema.safeParse({ rules: [null, { id: 5 }], addressLists: "x" }).success).toBe(false);
    expect(ruleSetContentSchema.safeParse(null).success).toBe(false);
  });
});

describe("ruleSetMetaSchema", () => {
  test.each([
    [{ name: "Edge routers", description: "" }, []],
    [{ name: "x".repeat(80), description: "x".repeat(500) }, []],
    [{ name: "Edge", description: "Line one\nLine two\r\n\tindented" }, []],
    [{ name: "", description: "" }, [["name", "name is required"]]],
    [{ name: "   ", description: "" }, [["name", "name is required"]]],
    [{ name: "x".repeat(81), description: "" }, [["name", "name must be at most 80 characters"]]],
    [{ name: "Edge\nrouters", description: "" }, [["name", "name contains a control character (newline)"]]],
    [{ name: "Edge\u0000", description: "" }, [["name", "name contains a control character (NUL)"]]],
    [{ name: "Edge", description: "x".repeat(501) }, [["description", "description must be at most 500 characters"]]],
    [{ name: "Edge", description: "bad\u0000" }, [["description", "description contains a control character (NUL)"]]],
  ])("%j", (meta, expected) => {
    expect(issues(ruleSetMetaSchema, meta)).toEqual(expected);
  });

  test("names are trimmed and may hold any printable text", () => {
    expect(ruleSetMetaSchema.parse({ name: "  Büro 🏢 ", description: "" })).toEqual({
      name: "Büro 🏢",
      description: "",
    });
  });
});
