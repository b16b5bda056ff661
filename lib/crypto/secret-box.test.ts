import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKey, keyId, loadCredentialKey, resetCredentialKeyCache } from "./credential-key";
import { open, seal } from "./secret-box";
import { tempDirForFile } from "@/tests/support/temp-dir";

const key = { id: "k1", key: crypto.randomBytes(32) };

describe("secret box", () => {
  it("round-trips and never contains the plaintext", () => {
    const s = seal(key, "p@ss'w\"ord $(reboot)", "router-1");
    expect(JSON.stringify(s)).not.toContain("p@ss");
    expect(open(key, s, "router-1")).toBe("p@ss'w\"ord $(reboot)");
  });

  it("refuses a secret moved to another router or tampered with", () => {
    const s = seal(key, "secret", "router-1");
    expect(() => open(key, s, "router-2")).toThrow();
    const flipped = Buffer.from(s.ciphertext, "base64");
    flipped[0] ^= 1;
    expect(() => open(key, { ...s, ciphertext: flipped.toString("base64") }, "router-1")).toThrow();
  });

  it("uses a fresh IV each time", () => {
    expect(seal(key, "same", "r").ciphertext).not.toBe(seal(key, "same", "r").ciphertext);
  });
});

describe("credential key", () => {
  const dir = tempDirForFile("rampart-key");

  it("creates a key file readable only by its owner on first use and reuses it", () => {
    const file = path.join(dir, "sub", "credential.key");
    resetCredentialKeyCache();
    const a = loadCredentialKey({ RAMPART_CREDENTIAL_KEY_FILE: file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    resetCredentialKeyCache();
    const b = loadCredentialKey({ RAMPART_CREDENTIAL_KEY_FILE: file });
    expect(b.id).toBe(a.id);
    resetCredentialKeyCache();
  });

  it("accepts hex or base64 from the environment and rejects the wrong length", () => {
    const raw = crypto.randomBytes(32);
    expect(decodeKey(raw.toString("hex")).equals(raw)).toBe(true);
    expect(decodeKey(raw.toString("base64")).equals(raw)).toBe(true);
    expect(() => decodeKey("dG9vLXNob3J0")).toThrow("32 bytes");
    expect(keyId(raw)).toHaveLength(12);
  });
});
