import "server-only"; // decrypts router secrets: Next refuses to bundle this for the browser
import crypto from "node:crypto";
import type { CredentialKey } from "./credential-key";

export interface SealedSecret {
  keyId: string;
  iv: string;
  ciphertext: string;
  authTag: string;
}

/** AES-256-GCM with a fresh 96-bit IV per secret; the router id is bound in as associated data. */
export function seal(key: CredentialKey, plaintext: string, aad: string): SealedSecret {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    keyId: key.id,
    iv: iv.toString("base64"),
    ciphertext: ct.toString("base64"),
    authTag: cipher.getAuthTag().toString("base64"),
  };
}

export function open(key: CredentialKey, sealed: SealedSecret, aad: string): string {
  if (sealed.keyId !== key.id)
    throw new Error(`secret was encrypted with credential key ${sealed.keyId}, not the current key ${key.id}`);
  const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, Buffer.from(sealed.iv, "base64"));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(Buffer.from(sealed.authTag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]).toString("utf8");
}
