import { describe, expect, it } from "vitest";
import { formatManagedComment, parseManagedComment } from "./managed-comment";

describe("managed comment tag", () => {
  it.each([
    ["rampart:r1a2b3c", { id: "r1a2b3c", adminComment: "" }],
    ["rampart:r1a2b3c allow ssh from office", { id: "r1a2b3c", adminComment: "allow ssh from office" }],
    ["rampart:r1a2b3c  two spaces", { id: "r1a2b3c", adminComment: " two spaces" }],
    ["rampart:list:office LAN", { id: "list:office", adminComment: "LAN" }],
    ["rampart:list:rampart.r1a2b3c.src", { id: "list:rampart.r1a2b3c.src", adminComment: "" }],
    ["rampart:list:", null],
    ["rampart:other:office", null],
    ["rampart:", null],
    ["rampart: r1a2b3c", null],
    ["Rampart:r1a2b3c", null],
    ["defconf: drop invalid", null],
    ["special dummy rule to show fasttrack counters", null],
    ["", null],
    [undefined, null],
  ])("parses %j", (comment, expected) => {
    expect(parseManagedComment(comment)).toEqual(expected);
  });

  it("round-trips", () => {
    for (const [id, c] of [
      ["r123456", ""],
      ["r123456", "web: 80,443 = ok"],
      ["lofficelist", "x"],
    ]) {
      expect(parseManagedComment(formatManagedComment(id, c))).toEqual({ id, adminComment: c });
    }
  });

  it("refuses ids it could not read back", () => {
    expect(() => formatManagedComment("has space")).toThrow();
    expect(() => formatManagedComment("")).toThrow();
  });
});
