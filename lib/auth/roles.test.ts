import { describe, expect, it } from "vitest";
import { lesserRole, roleAllows, roleSchema } from "./roles";

describe("roles", () => {
  it.each([
    ["admin", "admin", true],
    ["admin", "operator", true],
    ["admin", "viewer", true],
    ["operator", "admin", false],
    ["operator", "operator", true],
    ["operator", "viewer", true],
    ["viewer", "admin", false],
    ["viewer", "operator", false],
    ["viewer", "viewer", true],
  ] as const)("%s may act as %s: %s", (actual, needed, allowed) => {
    expect(roleAllows(actual, needed)).toBe(allowed);
  });

  it("refuses unknown roles with a message", () => {
    const r = roleSchema.safeParse("root");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe("role must be admin, operator or viewer");
  });

  it.each([
    ["admin", "viewer", "viewer"],
    ["viewer", "admin", "viewer"],
    ["operator", "admin", "operator"],
    ["admin", "operator", "operator"],
    ["operator", "viewer", "viewer"],
    ["admin", "admin", "admin"],
  ] as const)("a %s token of a user who is %s now acts as %s", (token, owner, effective) => {
    expect(lesserRole(token, owner)).toBe(effective);
  });
});
