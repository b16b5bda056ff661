import { describe, expect, test } from "vitest";
import { formatPorts, parsePorts } from "./ports";
import { portRangeSchema } from "./schema";

describe("parsePorts", () => {
  test.each([
    ["", []],
    ["   ", []],
    ["22", [{ from: 22, to: 22 }]],
    [
      "22, 80,443 8000-8100",
      [
        { from: 22, to: 22 },
        { from: 80, to: 80 },
        { from: 443, to: 443 },
        { from: 8000, to: 8100 },
      ],
    ],
    [
      "443, 80, 443",
      [
        { from: 443, to: 443 },
        { from: 80, to: 80 },
        { from: 443, to: 443 },
      ],
    ],
    ["8000 - 8100", [{ from: 8000, to: 8100 }]],
    ["1-65535", [{ from: 1, to: 65535 }]],
    ["5-5", [{ from: 5, to: 5 }]],
    [
      "1,,2,\n3",
      [
        { from: 1, to: 1 },
        { from: 2, to: 2 },
        { from: 3, to: 3 },
      ],
    ],
    ["022", [{ from: 22, to: 22 }]],
  ])("%j", (text, ranges) => {
    expect(parsePorts(text)).toEqual({ ok: true, ranges });
  });

  test.each([
    ["70000", "port 70000 is outside 1-65535"],
    ["0", "port 0 is outside 1-65535"],
    ["22, 65536", "port 65536 is outside 1-65535"],
    ["1-70000", "port 70000 is outside 1-65535"],
    ["99999999999999999999", "port 99999999999999999999 is outside 1-65535"],
    ["ab", "'ab' is not a port"],
    ["22, ab, 80", "'ab' is not a port"],
    ["-5", "'-5' is not a port range"],
    ["5-", "'5-' is not a port range"],
    ["1-2-3", "'1-2-3' is not a port"],
    ["22.5", "'22.5' is not a port"],
    ["ssh", "'ssh' is not a port"],
    ["8100-8000", "port range 8100-8000 is backwards"],
  ])("%j is refused", (text, message) => {
    expect(parsePorts(text)).toEqual({ ok: false, message });
  });

  test("parsed ranges pass the schema", () => {
    const parsed = parsePorts("1, 22-23, 65535");
    if (!parsed.ok) throw new Error(parsed.message);
    for (const r of parsed.ranges) expect(portRangeSchema.safeParse(r).success).toBe(true);
  });
});

describe("formatPorts", () => {
  test.each([
    [[], ""],
    [[{ from: 22, to: 22 }], "22"],
    [
      [
        { from: 22, to: 22 },
        { from: 80, to: 80 },
        { from: 8000, to: 8100 },
      ],
      "22, 80, 8000-8100",
    ],
  ])("%j -> %j", (ranges, text) => {
    expect(formatPorts(ranges)).toBe(text);
  });

  test("round trip keeps order", () => {
    const parsed = parsePorts("443 22,8000-8100");
    if (!parsed.ok) throw new Error(parsed.message);
    expect(formatPorts(parsed.ranges)).toBe("443, 22, 8000-8100");
  });
});
