import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";
import { API_TOKEN_PREFIX, newSecret, sha256Hex } from "./tokens";

describe("password hashing", () => {
  it("uses argon2id, salts every hash, and verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^\$argon2id\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "correct horse battery")).toBe(true);
    expect(await verifyPassword(a, "correct horse batter")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });
});

describe("secrets", () => {
  it("are long, random and stored only as a hash", () => {
    const s = newSecret(API_TOKEN_PREFIX);
    expect(s.startsWith("rmp_")).toBe(true);
    expect(s.length).toBeGreaterThanOrEqual(40);
    expect(newSecret("")).not.toBe(newSecret(""));
    expect(sha256Hex(s)).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256Hex(s)).not.toContain(s);
  });
});
