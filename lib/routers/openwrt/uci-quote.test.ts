import { describe, expect, it } from "vitest";
// the stand-in's tokeniser follows libuci's batch parsing (docs/openwrt-uci.md §3)
import { tokenizeAll } from "../../../tests/peers/openwrt/standin/uci-tokenize.mjs";
import { UciValueError, quoteUciValue, uciAddListLine, uciDeleteLine, uciSetLine } from "./uci-quote";

describe("quoteUciValue", () => {
  it.each([
    ["plain", "'plain'"],
    ["It's", "'It'\\''s'"],
    ["''", "''\\'''\\'''"],
    ["$(reboot)", "'$(reboot)'"],
    ["`id`", "'`id`'"],
    ["a=b", "'a=b'"],
    ["two words", "'two words'"],
    ["ünïcødé ✓", "'ünïcødé ✓'"],
    ['"x"\\', "'\"x\"\\'"],
  ])("%j -> %s", (value, quoted) => {
    expect(quoteUciValue(value)).toBe(quoted);
  });

  it.each([
    "It's",
    "a'b'c",
    "'",
    "''",
    "$(reboot)",
    "`reboot`",
    "${HOME}",
    "a=b=c",
    "x;reboot",
    "x # y",
    "\\n",
    "back\\",
    '"quoted"',
    "  lead and trail  ",
    "ünïcødé ✓ 中文",
    "tab-free",
    "!22",
  ])("uci batch reads %j back exactly", (value) => {
    const [cmd, ...rest] = tokenizeAll(`${uciSetLine("rampart_r1", "name", value)}\n`);
    expect(rest).toEqual([]);
    expect(cmd.tokens).toEqual(["set", `firewall.rampart_r1.name=${value}`]);
  });

  it.each([
    ["", /delete/],
    ["a\0b", /NUL/],
    ["line\nbreak", /line breaks/],
    ["cr\rx", /line breaks/],
    ["tab\tx", /control/],
    ["bell\u0007", /control/],
  ])("refuses %j", (value, message) => {
    expect(() => quoteUciValue(value)).toThrow(UciValueError);
    expect(() => quoteUciValue(value)).toThrow(message);
  });
});

describe("batch line builders", () => {
  it("build set, add_list and delete lines with unquoted generated names", () => {
    expect(uciSetLine("rampart_r1", null, "rule")).toBe("set firewall.rampart_r1='rule'");
    expect(uciAddListLine("rampart_r1", "proto", "tcp")).toBe("add_list firewall.rampart_r1.proto='tcp'");
    expect(uciDeleteLine("rampart_r1")).toBe("delete firewall.rampart_r1");
    expect(uciDeleteLine("rampart_r1", "dest_port")).toBe("delete firewall.rampart_r1.dest_port");
  });

  it("refuse names that are not plain identifiers", () => {
    expect(() => uciSetLine("rampart r1", "name", "x")).toThrow(UciValueError);
    expect(() => uciSetLine("rampart_r1", "name=x", "y")).toThrow(UciValueError);
    expect(() => uciDeleteLine("a;reboot")).toThrow(UciValueError);
  });
});
