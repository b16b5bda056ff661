import "server-only"; // decrypts router secrets: Next refuses to bundle this for the browser
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { serverEnv } from "../env";

/**
 * The AES-256 key that encrypts router credentials at rest. RAMPART_CREDENTIAL_KEY (32 bytes, base64 or hex)
 * wins; otherwise a key file (RAMPART_CREDENTIAL_KEY_FILE, default data/credential.key) is created on first use,
 * readable only by its owner. Losing the key makes stored router secrets unreadable (they must be re-entered).
 */
export interface CredentialKey {
  id: string;
  key: Buffer;
}

export function decodeKey(text: string): Buffer {
  const t = text.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (buf.length !== 32) throw new Error("the credential key must be 32 bytes, given as base64 or 64 hex digits");
  return buf;
}

export function keyId(key: Buffer): string {
  return crypto.createHash("sha256").update(key).digest("hex").slice(0, 12);
}

/** Where the key comes from (lib/env): a raw record in tests and key rotation. */
export type KeySource = { RAMPART_CREDENTIAL_KEY?: string; RAMPART_CREDENTIAL_KEY_FILE?: string };

export function keyFilePath(env: KeySource = serverEnv()): string {
  return path.resolve(env.RAMPART_CREDENTIAL_KEY_FILE || path.join(process.cwd(), "data", "credential.key"));
}

let cached: CredentialKey | undefined;

export function loadCredentialKey(env: KeySource = serverEnv()): CredentialKey {
  if (cached) return cached;
  let key: Buffer;
  if (env.RAMPART_CREDENTIAL_KEY) {
    key = decodeKey(env.RAMPART_CREDENTIAL_KEY);
  } else {
    const file = keyFilePath(env);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // wx: never overwrite a key another process created a moment ago.
      try {
        fs.writeFileSync(file, crypto.randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
    }
    key = decodeKey(fs.readFileSync(file, "utf8"));
  }
  cached = { id: keyId(key), key };
  return cached;
}

/** Which key is in use and where it comes from, for the admin (never the key itself). */
export function credentialKeyInfo(env: KeySource = serverEnv()): { id: string; source: string } {
  return {
    id: loadCredentialKey(env).id,
    source: env.RAMPART_CREDENTIAL_KEY ? "from RAMPART_CREDENTIAL_KEY" : `in ${keyFilePath(env)}`,
  };
}

/** For key rotation and tests. */
export function resetCredentialKeyCache(): void {
  cached = undefined;
}
