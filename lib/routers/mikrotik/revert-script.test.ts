import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { LiveFirewall, LiveFirewallItem } from "../driver";
import { parseManagedComment } from "./managed-comment";
import { buildRevertScript, quote, revertName, revertStart } from "./revert-script";

describe("revert start time from the router clock", () => {
  it.each([
    [{ date: "2023-07-14", time: "10:00:00" }, 60, { date: "2023-07-14", time: "10:01:01" }],
    [{ date: "jul/14/2023", time: "10:00:00" }, 60, { date: "jul/14/2023", time: "10:01:01" }],
    [{ date: "2023-12-31", time: "23:59:30" }, 60, { date: "2024-01-01", time: "00:00:31" }],
    [{ date: "dec/31/2023", time: "23:59:30" }, 60, { date: "jan/01/2024", time: "00:00:31" }],
    [{ date: "feb/28/2024", time: "23:00:00" }, 3600, { date: "feb/29/2024", time: "00:00:01" }],
    [{ date: "2025-02-28", time: "9:05:07" }, 86400, { date: "2025-03-01", time: "09:05:08" }],
  ])("%j + %i s", (clock, seconds, expected) => {
    expect(revertStart(clock, seconds)).toEqual(expected);
  });

  it("refuses a clock it cannot read", () => {
    expect(() => revertStart({ date: "14.07.2023", time: "10:00:00" }, 60)).toThrow(/not in a known format/);
    expect(() => revertStart({ date: "foo/14/2023", time: "10:00:00" }, 60)).toThrow();
  });
});

describe("revert script text", () => {
  it('quotes \\ " $ ? so the text reaches the router as typed', () => {
    expect(quote('a "b" $c d? \\e')).toBe('"a \\"b\\" \\$c d\\? \\\\e"');
  });

  it("names only safe push ids", () => {
    expect(revertName("c1a2b3")).toBe("rampart-revert-c1a2b3");
    expect(() => revertName('x"; /system reset-configuration')).toThrow();
  });

  it("matches the committed shape (testdata/revert-script.golden)", () => {
    const item = (
      ref: string,
      kind: LiveFirewallItem["kind"],
      family: "ipv4" | "ipv6",
      raw: Record<string, string>,
      dynamic = false,
    ): LiveFirewallItem => ({
      ref,
      kind,
      family,
      dynamic,
      managedId: parseManagedComment(raw.comment)?.id ?? null,
      raw: { ".id": ref, bytes: "10", packets: "1", invalid: "false", dynamic: String(dynamic), ...raw },
    });
    const before: LiveFirewall = {
      stateHash: "x",
      items: [
        item(
          "*1",
          "filter",
          "ipv4",
          { chain: "forward", action: "passthrough", comment: "special dummy rule to show fasttrack counters" },
          true,
        ),
        item("*A", "filter", "ipv4", {
          chain: "input",
          action: "accept",
          "connection-state": "established,related",
          log: "false",
          "log-prefix": "",
          disabled: "false",
          comment: "rampart:rest0001",
        }),
        item("*B", "filter", "ipv4", {
          chain: "input",
          action: "drop",
          "src-address-list": "!office",
          log: "true",
          "log-prefix": "x",
          disabled: "true",
          comment: 'rampart:rdrop001 "quoted" $var',
        }),
        item("*2", "filter", "ipv4", {
          chain: "input",
          action: "accept",
          protocol: "icmp",
          comment: "defconf: accept ICMP",
        }),
        item("*C", "filter", "ipv4", { chain: "input", action: "accept", comment: "rampart:rlast001" }),
        item("*D", "filter", "ipv6", {
          chain: "input",
          action: "accept",
          protocol: "icmpv6",
          comment: "rampart:ricmp601",
        }),
        item("*E", "address-list-entry", "ipv4", {
          list: "office",
          address: "10.0.0.0/8",
          "creation-time": "2025-01-01 00:00:00",
          disabled: "false",
          comment: "rampart:list:office LAN",
        }),
        item("*F", "address-list-entry", "ipv4", { list: "admins", address: "192.168.88.0/24", comment: "by hand" }),
      ],
    };
    const got = buildRevertScript(before, "c123");
    const file = path.join(import.meta.dirname, "testdata", "revert-script.golden");
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, got);
    expect(got).toBe(readFileSync(file, "utf8"));
  });

  it("gives taken-over rows back before removing tagged rows (testdata/revert-script-claimed.golden)", () => {
    const item = (ref: string, raw: Record<string, string>): LiveFirewallItem => ({
      ref,
      kind: "filter",
      family: "ipv4",
      dynamic: false,
      managedId: parseManagedComment(raw.comment)?.id ?? null,
      raw: { ".id": ref, ...raw },
    });
    const before: LiveFirewall = {
      stateHash: "x",
      items: [
        item("*A", { chain: "input", action: "accept", comment: "rampart:rest0001" }),
        item("*2", { chain: "input", action: "drop", "connection-state": "invalid", comment: "defconf: drop invalid" }),
        item("*3", {
          chain: "input",
          action: "drop",
          "in-interface-list": "!LAN",
          comment: "defconf: drop all not coming from LAN",
        }),
        item("*4", { chain: "forward", action: "accept", protocol: "icmp", comment: "defconf: accept ICMP" }),
        {
          ref: "*E",
          kind: "address-list-entry",
          family: "ipv6",
          dynamic: false,
          managedId: null,
          raw: { ".id": "*E", list: "bad_ipv6", address: "fec0::/10", comment: "defconf: site-local" },
        },
      ],
    };
    const claimed = [
      { ref: "*2", kind: "filter" as const, family: "ipv4" as const, fields: ["comment"] },
      { ref: "*4", kind: "filter" as const, family: "ipv4" as const, fields: ["protocol", "log-prefix", "comment"] },
      { ref: "*E", kind: "address-list-entry" as const, family: "ipv6" as const, fields: ["comment"] },
    ];
    const got = buildRevertScript(before, "c124", claimed);
    const file = path.join(import.meta.dirname, "testdata", "revert-script-claimed.golden");
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, got);
    expect(got).toBe(readFileSync(file, "utf8"));
  });
});
