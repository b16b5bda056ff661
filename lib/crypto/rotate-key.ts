import "server-only"; // decrypts router secrets: Next refuses to bundle this for the browser
import crypto from "node:crypto";
import fs from "node:fs";
import { channelSecretAad } from "@/lib/alerts/channels";
import { db } from "@/lib/db/client";
import { serverEnv } from "@/lib/env";
import {
  keyFilePath,
  keyId,
  loadCredentialKey,
  resetCredentialKeyCache,
  type CredentialKey,
  type KeySource,
} from "./credential-key";
import { open, seal } from "./secret-box";

/** Re-encrypts every stored router and alert channel secret from one key to another in one transaction: all or nothing. */
export async function reencryptCredentials(from: CredentialKey, to: CredentialKey): Promise<number> {
  return db.$transaction(async (tx) => {
    const rows = await tx.routerCredential.findMany();
    for (const row of rows) {
      const plain = open(from, row, row.routerId);
      const s = seal(to, plain, row.routerId);
      await tx.routerCredential.update({
        where: { routerId: row.routerId },
        data: { keyId: s.keyId, iv: s.iv, ciphertext: s.ciphertext, authTag: s.authTag },
      });
    }
    // Alert channel secrets (webhook signing secret, SMTP password) are sealed with the same key.
    const channels = await tx.alertChannel.findMany({ where: { secretCiphertext: { not: null } } });
    for (const c of channels) {
      const plain = open(
        from,
        { keyId: c.secretKeyId!, iv: c.secretIv!, ciphertext: c.secretCiphertext!, authTag: c.secretAuthTag! },
        channelSecretAad(c.id),
      );
      const s = seal(to, plain, channelSecretAad(c.id));
      await tx.alertChannel.update({
        where: { id: c.id },
        data: { secretKeyId: s.keyId, secretIv: s.iv, secretCiphertext: s.ciphertext, secretAuthTag: s.authTag },
      });
    }
    return rows.length + channels.length;
  });
}

export type RotationResult = { count: number; keyId: string; newKeyForEnv?: string; keyFile?: string };

/**
 * Rotates the credential key. With a key file, the new key is written beside it first (so a crash never leaves
 * secrets encrypted with a key that exists nowhere), the database is re-encrypted, then the files are swapped and
 * the old key is kept as <file>.prev. With RAMPART_CREDENTIAL_KEY, the new key is returned for the operator to set.
 */
export async function rotateCredentialKey(env: KeySource = serverEnv()): Promise<RotationResult> {
  resetCredentialKeyCache();
  const current = loadCredentialKey(env);
  const raw = crypto.randomBytes(32);
  const next: CredentialKey = { id: keyId(raw), key: raw };
  if (env.RAMPART_CREDENTIAL_KEY) {
    const count = await reencryptCredentials(current, next);
    resetCredentialKeyCache();
    return { count, keyId: next.id, newKeyForEnv: raw.toString("base64") };
  }
  const file = keyFilePath(env);
  fs.writeFileSync(`${file}.new`, raw.toString("base64") + "\n", { mode: 0o600 });
  const count = await reencryptCredentials(current, next);
  fs.renameSync(file, `${file}.prev`);
  fs.renameSync(`${file}.new`, file);
  resetCredentialKeyCache();
  return { count, keyId: next.id, keyFile: file };
}
