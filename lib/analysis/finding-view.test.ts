import { describe, expect, it } from "vitest";
import { analyzeRuleSet } from "@/lib/rules/analysis";
import { list, rule } from "@/tests/support/rule-fixtures";
import { badgeOf, countFindings, summarizeCounts } from "./finding-view";
import { parsePacketFields } from "./packet-fields";

describe("badgeOf", () => {
  const any = rule({ id: "rany00001", comment: "all" });
  it.each([
    [
      "a rule shadowed by the opposite action",
      [rule({ id: "rdrop0001", action: "drop" }), rule({ id: "racc00001", protocol: "tcp" })],
      "racc00001",
      "conflict",
    ],
    [
      "a rule shadowed by the same action",
      [any, rule({ id: "racc00002", protocol: "udp" }), rule({ id: "rdrop0002", action: "drop" })],
      "racc00002",
      "redundant",
    ],
    [
      "a rule on an empty address list",
      [rule({ id: "rempty001", action: "drop", src: { kind: "list", list: "none", negate: false } })],
      "rempty001",
      "never-matches",
    ],
  ])("%s", (_name, rules, id, badge) => {
    const { byRule } = analyzeRuleSet({ rules, addressLists: [list("none", [])] });
    expect(byRule[id].map(badgeOf)).toEqual([badge]);
  });

  it("counts and sums up", () => {
    const { findings } = analyzeRuleSet({
      rules: [rule({ id: "rdrop0001", action: "drop" }), rule({ id: "racc00001", protocol: "tcp" })],
      addressLists: [],
    });
    const counts = countFindings(findings);
    expect(counts).toMatchObject({ errors: 1, conflict: 1, rules: 1 });
    expect(summarizeCounts(counts)).toBe("1 conflict");
  });
});

describe("parsePacketFields", () => {
  const base = { chain: "input", src: "198.51.100.7", dst: "192.0.2.1", protocol: "tcp", dstPort: "22", state: "new" };
  it("turns text into a packet", () => {
    expect(parsePacketFields(base)).toEqual({
      ok: true,
      packet: {
        chain: "input",
        inInterface: null,
        outInterface: null,
        src: "198.51.100.7",
        dst: "192.0.2.1",
        protocol: "tcp",
        dstPort: 22,
        state: "new",
      },
    });
    expect(parsePacketFields({ ...base, protocol: "47", dstPort: "" })).toMatchObject({
      ok: true,
      packet: { protocol: 47 },
    });
  });
  it.each([
    [{ dstPort: "8o" }, "dstPort", "port must be a number"],
    [{ dstPort: "70000" }, "dstPort", "port 70000 is outside 1-65535"],
    [{ src: "10.0.0.0/8" }, "src", "10.0.0.0/8 is a prefix; a packet has one address"],
    [{ protocol: "icmp" }, "dstPort", "ports need protocol tcp or udp"],
    [{ chain: "output", inInterface: "ether1" }, "inInterface", "a packet on the output chain has no in-interface"],
  ])("%o: message at %s", (patch, field, message) => {
    const r = parsePacketFields({ ...base, ...patch });
    expect(r.ok ? {} : r.errors).toMatchObject({ [field]: message });
  });
});
