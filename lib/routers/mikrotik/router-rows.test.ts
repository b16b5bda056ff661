import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isRosItemRow } from "./router-rows";

/** The check read-firewall made before isRosItemRow: a zod record of strings with a valid .id. */
const formerSchema = z
  .record(z.string(), z.string())
  .refine((r) => typeof r[".id"] === "string" && /^\*[0-9A-F]+$/i.test(r[".id"]));

describe("isRosItemRow", () => {
  it.each([
    ["a filter row", { ".id": "*1A", chain: "forward", action: "accept", comment: "rampart:r1 web" }, true],
    ["lower-case hex id", { ".id": "*ff", list: "office", address: "10.0.0.0/8" }, true],
    ["no .id", { chain: "forward" }, false],
    ["an id without the star", { ".id": "1A" }, false],
    ["an id that is not hex", { ".id": "*XYZ" }, false],
    ["an empty id", { ".id": "*" }, false],
    ["a value that is not a string", { ".id": "*1", disabled: false }, false],
    ["a nested value", { ".id": "*1", x: { y: "z" } }, false],
    ["null", null, false],
    ["an array", ["*1"], false],
    ["a string", "*1", false],
  ])("%s: accepted exactly when the former zod check accepted it", (_name, row, ok) => {
    expect(isRosItemRow(row)).toBe(ok);
    expect(formerSchema.safeParse(row).success).toBe(ok);
  });
});
