import { describe, expect, it } from "vitest";
import { createTokenSchema, createUserSchema, firstAdminSchema, loginSchema } from "./credentials-schema";

function messages(r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
}

describe("account validation", () => {
  it("accepts a good first admin", () => {
    expect(
      firstAdminSchema.safeParse({
        username: "alice",
        password: "correct horse battery",
        confirm: "correct horse battery",
      }).success,
    ).toBe(true);
  });

  it.each([
    ["ab", "username must be 3-64 characters"],
    ["a".repeat(65), "username must be 3-64 characters"],
    ["al ice", "username may use only letters, digits and . _ @ -"],
    ["<script>", "username may use only letters, digits and . _ @ -"],
    ["ali'ce", "username may use only letters, digits and . _ @ -"],
  ])("username %j -> %s", (username, message) => {
    expect(
      messages(createUserSchema.safeParse({ username, password: "long-enough-pass", role: "viewer" })).username,
    ).toBe(message);
  });

  it.each([
    ["short", "password must be at least 12 characters"],
    ["x".repeat(257), "password must be at most 256 characters"],
    ["twelve-chars\u0000nul", "password must not contain control characters"],
  ])("password %j -> %s", (password, message) => {
    expect(messages(createUserSchema.safeParse({ username: "alice", password, role: "viewer" })).password).toBe(
      message,
    );
  });

  it("keeps passwords exactly as typed (no trimming)", () => {
    const r = createUserSchema.safeParse({ username: " alice ", password: "  spaces around  ", role: "admin" });
    expect(r.success && r.data).toEqual({ username: "alice", password: "  spaces around  ", role: "admin" });
  });

  it("reports mismatched confirmation at the confirm field", () => {
    expect(
      messages(firstAdminSchema.safeParse({ username: "alice", password: "correct horse battery", confirm: "other" }))
        .confirm,
    ).toBe("passwords do not match");
  });

  it("login needs both fields", () => {
    expect(messages(loginSchema.safeParse({ username: "", password: "" }))).toEqual({
      username: "username is required",
      password: "password is required",
    });
  });

  it.each([
    [{ name: "", role: "viewer" }, { name: "name is required" }],
    [{ name: "ci", role: "god" }, { role: "role must be admin, operator or viewer" }],
    [{ name: "ci", role: "viewer", expiresInDays: 0 }, { expiresInDays: "expiry must be 1-3650 days" }],
    [{ name: "ci", role: "viewer", expiresInDays: Number.NaN }, { expiresInDays: expect.any(String) }],
    [{ name: "ci", role: "viewer", expiresInDays: 1.5 }, { expiresInDays: "expiry must be a whole number of days" }],
    [{ name: "line\nbreak", role: "viewer" }, { name: "name contains a control character (newline)" }],
    [{ name: "ci\u2028deploy", role: "viewer" }, { name: "name contains a control character (line separator)" }],
    [
      { name: "ci-\u202Etxt.exe", role: "viewer" },
      { name: "name contains a text-direction control (right-to-left override)" },
    ],
  ])("token %j", (input, expected) => {
    expect(messages(createTokenSchema.safeParse(input))).toEqual(expected);
  });
});
