import { describe, expect, it } from "vitest";
import { rule } from "@/tests/support/rule-fixtures";
import type { LiveFirewall } from "../driver";
import { liveRules } from "./live-rules";

const row = (
  id: string,
  fields: Record<string, string>,
  family: "ipv4" | "ipv6" = "ipv4",
  managedId: string | null = null,
) => ({
  ref: id,
  kind: "filter" as const,
  family,
  managedId,
  dynamic: fields.dynamic === "true",
  raw: { ".id": id, action: "accept", bytes: "0", packets: "0", disabled: "false", dynamic: "false", ...fields },
});

describe("RouterOS liveRules", () => {
  const live: LiveFirewall = {
    stateHash: "x",
    items: [
      row("*1", { chain: "forward", action: "passthrough", dynamic: "true", comment: "special dummy rule" }),
      row("*2", { chain: "input", comment: "defconf: accept ICMP", packets: "40", bytes: "3360" }),
      row(
        "*3",
        {
          chain: "input",
          "dst-port": "22",
          protocol: "tcp",
          comment: "rampart:rssh0001 ssh",
          packets: "12",
          bytes: "720",
        },
        "ipv4",
        "rssh0001",
      ),
      row("*4", { chain: "input", "dst-port": "22", protocol: "tcp", comment: "rampart:rssh0001" }, "ipv6", "rssh0001"),
      row("*5", { chain: "input", packets: "", bytes: "" }),
    ],
  };
  const content = {
    rules: [rule({ id: "rssh0001", family: "ipv4" }), rule({ id: "rssh0001v6", family: "ipv6" })],
    addressLists: [],
  };
  const rows = liveRules(live, content);

  it("every filter row in router order, positions per (family, chain), with the row's counters", () => {
    expect(rows.map((r) => [r.family, r.chain, r.position, r.ref, r.counters?.packets ?? null])).toEqual([
      ["ipv4", "forward", 1, "*1", 0],
      ["ipv4", "input", 1, "*2", 40],
      ["ipv4", "input", 2, "*3", 12],
      ["ipv6", "input", 1, "*4", 0],
      ["ipv4", "input", 3, "*5", null],
    ]);
  });

  it("dynamic rows dynamic, tagged rows Rampart's (the IPv6 half of a split rule by its own id), the rest foreign", () => {
    expect(rows.map((r) => [r.origin, r.ruleId])).toEqual([
      ["dynamic", null],
      ["foreign", null],
      ["rampart", "rssh0001"],
      ["rampart", "rssh0001v6"],
      ["foreign", null],
    ]);
    expect(rows[1].summary).toBe("defconf: accept ICMP");
  });
});
