import { describe, expect, test } from "vitest";
import { describeRule } from "./describe";
import { ruleSetContentSchema } from "./schema";
import { TEMPLATES, TEMPLATE_IDS, buildFromTemplate, describeTemplate } from "./templates";

function sequentialIds() {
  let n = 0;
  return () => `rtmpl${String(++n).padStart(3, "0")}`;
}

function build(id: string, params: unknown) {
  const result = buildFromTemplate(id, params, sequentialIds());
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.content;
}

describe("catalogue", () => {
  test("lists every template once with its params", () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual([...TEMPLATE_IDS]);
    expect(TEMPLATES.map((t) => [t.id, t.params.map((p) => `${p.name}:${p.kind}`)])).toEqual([
      ["block-incoming-except-trusted", ["management:addresses", "trusted:addresses", "lanServices:switch"]],
      ["block-outgoing-except-trusted", ["trusted:addresses"]],
      ["basic-edge-router", ["lan:interface", "wan:interface"]],
    ]);
    for (const t of TEMPLATES) {
      expect(t.title).not.toBe("");
      expect(t.description).not.toBe("");
    }
  });

  test("is plain JSON for the UI", () => {
    expect(JSON.parse(JSON.stringify(TEMPLATES))).toEqual(TEMPLATES);
  });
});

describe("block-incoming-except-trusted", () => {
  test("rules and the trusted list", () => {
    const c = build("block-incoming-except-trusted", { trusted: ["192.0.2.10", "10.0.0.0/8", "2001:db8::/32"] });
    expect(c.rules.map(describeRule)).toEqual([
      "accept from any to any on input if established,related",
      "accept from trusted to any on input",
      "accept ipv6 icmpv6 from any to any on input",
      "drop from any to any on input",
    ]);
    expect(c.rules.map((r) => r.id)).toEqual(["rtmpl001", "rtmpl002", "rtmpl003", "rtmpl004"]);
    expect(c.addressLists).toEqual([
      {
        name: "trusted",
        entries: [
          { address: "192.0.2.10", comment: "" },
          { address: "10.0.0.0/8", comment: "" },
          { address: "2001:db8::/32", comment: "" },
        ],
      },
    ]);
    expect(c.rules.map((r) => r.comment)).toEqual([
      "accept replies to existing connections",
      "accept from trusted addresses",
      "accept ICMPv6 (IPv6 neighbour discovery)",
      "drop all other incoming traffic",
    ]);
    expect(c.rules.every((r) => r.enabled && r.family === (r.protocol === "icmpv6" ? "ipv6" : "both"))).toBe(true);
  });

  test("the management address is accepted before anything else decides; LAN services match role lan", () => {
    const c = build("block-incoming-except-trusted", {
      trusted: ["192.0.2.10"],
      management: ["10.9.0.5"],
      lanServices: true,
    });
    expect(c.rules.map(describeRule)).toEqual([
      "accept from any to any on input if established,related",
      "accept from management to any on input",
      "accept from trusted to any on input",
      "accept ipv6 icmpv6 from any to any on input",
      "accept udp from any to any port 53, 67 on input in via role lan",
      "accept tcp from any to any port 53 on input in via role lan",
      "accept ipv6 udp from any to any port 547 on input in via role lan",
      "drop from any to any on input",
    ]);
    expect(c.addressLists.map((l) => [l.name, l.entries.map((e) => e.address)])).toEqual([
      ["management", ["10.9.0.5"]],
      ["trusted", ["192.0.2.10"]],
    ]);
    expect(
      describeTemplate("block-incoming-except-trusted", { management: ["10.9.0.5"], trusted: [], lanServices: true }),
    ).toBe(
      "Blocks every new connection to the router itself, from any interface and address family, except: from the management address 10.9.0.5; from the trusted addresses (none yet); ICMPv6, so IPv6 neighbour discovery keeps working; DNS, DHCP and DHCPv6 from the interfaces a router maps to role lan; and replies to connections the router opened itself. Traffic through the router (forward) is not touched.",
    );
  });

  test("trusted addresses are checked with field paths", () => {
    expect(
      buildFromTemplate("block-incoming-except-trusted", {
        trusted: ["10.0.0.1", "10.0.0.1/8", "fe80::1%eth0", "10.0.0.1"],
      }),
    ).toEqual({
      ok: false,
      issues: [
        { path: ["trusted", 1], message: "10.0.0.1/8 has host bits set; did you mean 10.0.0.0/8?" },
        {
          path: ["trusted", 2],
          message: "fe80::1%eth0 has a zone id; zone ids (after '%') are not allowed in firewall rules",
        },
        { path: ["trusted", 3], message: "10.0.0.1 is listed twice" },
      ],
    });
  });

  test("at least one trusted address", () => {
    expect(buildFromTemplate("block-incoming-except-trusted", { trusted: [] })).toEqual({
      ok: false,
      issues: [{ path: ["trusted"], message: "add at least one trusted address" }],
    });
  });

  test("missing params are refused, not thrown", () => {
    const result = buildFromTemplate("block-incoming-except-trusted", undefined);
    expect(result.ok).toBe(false);
    const missing = buildFromTemplate("block-incoming-except-trusted", {});
    expect(missing.ok === false && missing.issues.map((i) => i.path)).toEqual([["trusted"]]);
  });

  test("addresses are trimmed", () => {
    expect(build("block-incoming-except-trusted", { trusted: [" 10.0.0.1 "] }).addressLists[0].entries).toEqual([
      { address: "10.0.0.1", comment: "" },
    ]);
  });
});

describe("block-outgoing-except-trusted", () => {
  test("rules and the trusted list", () => {
    const c = build("block-outgoing-except-trusted", { trusted: ["198.51.100.0/24"] });
    expect(c.rules.map(describeRule)).toEqual([
      "accept from any to any on output if established,related",
      "accept from any to trusted on output",
      "drop from any to any on output",
    ]);
    expect(c.rules[2].comment).toBe("drop all other outgoing traffic");
    expect(c.addressLists).toEqual([{ name: "trusted", entries: [{ address: "198.51.100.0/24", comment: "" }] }]);
  });

  test("bad address", () => {
    expect(buildFromTemplate("block-outgoing-except-trusted", { trusted: ["1.2.3"] })).toEqual({
      ok: false,
      issues: [{ path: ["trusted", 0], message: "1.2.3 is not an IPv4 address" }],
    });
  });
});

describe("basic-edge-router", () => {
  test("rules", () => {
    const c = build("basic-edge-router", { lan: "bridge", wan: "ether1" });
    expect(c.rules.map(describeRule)).toEqual([
      "drop from any to any on input if invalid",
      "accept from any to any on input if established,related",
      "accept from any to any on input in via bridge",
      "drop from any to any on input in via ether1",
    ]);
    expect(c.addressLists).toEqual([]);
  });

  test.each([
    [{ lan: "", wan: "ether1" }, [{ path: ["lan"], message: "interface name is required" }]],
    [
      { lan: "br lan", wan: "ether1" },
      [{ path: ["lan"], message: "interface name may use only letters, digits and . _ @ + -" }],
    ],
    [
      { lan: "bridge", wan: "x".repeat(33) },
      [{ path: ["wan"], message: "interface name must be at most 32 characters" }],
    ],
    [
      { lan: "ether1", wan: "ether1" },
      [{ path: ["wan"], message: "the WAN interface must differ from the LAN interface" }],
    ],
  ])("%j", (params, issues) => {
    expect(buildFromTemplate("basic-edge-router", params)).toEqual({ ok: false, issues });
  });
});

test("unknown template", () => {
  expect(buildFromTemplate("allow-everything", {})).toEqual({
    ok: false,
    issues: [{ path: [], message: "there is no template 'allow-everything'" }],
  });
});

test("templates use fresh, unique, valid rule ids by default", () => {
  const a = buildFromTemplate("basic-edge-router", { lan: "bridge", wan: "ether1" });
  const b = buildFromTemplate("basic-edge-router", { lan: "bridge", wan: "ether1" });
  if (!a.ok || !b.ok) throw new Error("template failed");
  const ids = [...a.content.rules, ...b.content.rules].map((r) => r.id);
  expect(new Set(ids).size).toBe(8);
  expect(ruleSetContentSchema.safeParse(a.content).success).toBe(true);
});
