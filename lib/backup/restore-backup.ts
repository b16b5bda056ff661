import fs from "node:fs";
import path from "node:path";
import { decodeKey, keyFilePath, keyId, type KeySource } from "@/lib/crypto/credential-key";
import { serverEnv } from "@/lib/env";
import {
  BackupError,
  inspectBackup,
  knownMigrations,
  removeWithSidecars,
  SIDECARS,
  type BackupSummary,
} from "./inspect-backup";
import { openSqliteFile } from "./sqlite-file";

export interface RestoreInput {
  backupFile: string;
  /** The database file to replace (resolved from DATABASE_URL by the caller). */
  databaseFile: string;
  /** The key file saved with the backup (`backup --with-key`), when this install's key is not the one it needs. */
  keyFile?: string;
  env?: KeySource;
  root?: string;
  now?: Date;
}

export interface RestoreResult {
  summary: BackupSummary;
  /** Where the replaced database (and key, when one was installed) were moved: nothing is deleted. */
  keptDatabase: string | null;
  keptKey: string | null;
  keyInstalled: string | null;
}

/**
 * Puts a backup in place of the database. Everything is checked before anything moves: the backup is an intact
 * Rampart database no newer than this install (a newer schema would be half-understood by this code and then
 * "migrated" by nothing), no process has the database open (the server keeps a connection while it runs, and a
 * file replaced under it would go on being written through the old inode), and the credential key can open the
 * backup's router secrets. The replaced files are kept beside it. The caller runs the migrations afterwards, which
 * bring an older backup up to this install's schema.
 */
export function restoreBackup(input: RestoreInput): RestoreResult {
  const env = input.env ?? serverEnv();
  const target = path.resolve(input.databaseFile);
  // Checked as a copy beside the target: the admin's file is never opened for writing (SQLite may add its
  // sidecar files even to read), and the final step is one rename on the same file system.
  const partial = `${target}.restoring`;
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  removeWithSidecars(partial);
  fs.copyFileSync(input.backupFile, partial);
  fs.chmodSync(partial, 0o600);
  let summary: BackupSummary;
  let key: { install: string | null };
  try {
    summary = inspectBackup(partial);
    const known = new Set(knownMigrations(input.root));
    const newer = summary.migrations.filter((m) => !known.has(m));
    if (newer.length > 0) {
      throw new BackupError(
        `the backup was made by a newer Rampart (schema ${newer.at(-1)}, unknown here): upgrade this install first, then restore`,
      );
    }
    key = chooseKey(summary, input.keyFile, env);
    if (fs.existsSync(target)) assertNotInUse(target);
  } catch (err) {
    removeWithSidecars(partial);
    throw err;
  }

  const stamp = (input.now ?? new Date()).toISOString().replace(/[:.]/g, "-");
  const keptDatabase = fs.existsSync(target) ? `${target}.before-restore-${stamp}` : null;
  if (keptDatabase)
    for (const s of SIDECARS) if (fs.existsSync(target + s)) fs.renameSync(target + s, keptDatabase + s);
  for (const s of SIDECARS.slice(1)) fs.rmSync(partial + s, { force: true }); // left by the read-only check
  fs.renameSync(partial, target);

  let keptKey: string | null = null;
  if (key.install) {
    const file = keyFilePath(env);
    if (fs.existsSync(file)) {
      keptKey = `${file}.before-restore-${stamp}`;
      fs.renameSync(file, keptKey);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, key.install, { mode: 0o600 });
  }
  return { summary, keptDatabase, keptKey, keyInstalled: key.install ? keyFilePath(env) : null };
}

/** The key text to install, if any; refuses when no key at hand opens every secret in the backup. */
function chooseKey(summary: BackupSummary, keyFile: string | undefined, env: KeySource): { install: string | null } {
  const needed = summary.keyIds;
  if (keyFile) {
    const text = fs.readFileSync(keyFile, "utf8");
    const id = keyId(decodeKey(text));
    const missing = needed.filter((k) => k !== id);
    if (missing.length > 0)
      throw new BackupError(
        `${keyFile} is key ${id}; the backup's router secrets are sealed with ${missing.join(", ")}`,
      );
    if (env.RAMPART_CREDENTIAL_KEY) {
      if (keyId(decodeKey(env.RAMPART_CREDENTIAL_KEY)) === id) return { install: null };
      throw new BackupError(
        `RAMPART_CREDENTIAL_KEY is set and is not key ${id}: put the backed-up key there instead of using --key`,
      );
    }
    return { install: current(env) === id ? null : text };
  }
  const have = current(env);
  const missing = needed.filter((k) => k !== have);
  if (missing.length > 0) {
    throw new BackupError(
      `the backup's router secrets are sealed with credential key ${missing.join(", ")}, and this install's key is ${have ?? "not created yet"}: ` +
        "give the key file saved with the backup (--key FILE)",
    );
  }
  return { install: null };
}

function current(env: KeySource): string | null {
  if (env.RAMPART_CREDENTIAL_KEY) return keyId(decodeKey(env.RAMPART_CREDENTIAL_KEY));
  const file = keyFilePath(env);
  return fs.existsSync(file) ? keyId(decodeKey(fs.readFileSync(file, "utf8"))) : null;
}

/** Every open connection to a WAL database holds a shared lock, so an exclusive lock is refused while the server runs. */
function assertNotInUse(file: string): void {
  const db = openSqliteFile(file);
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("COMMIT");
  } catch {
    throw new BackupError(`${file} is in use (is the Rampart server running?): stop it first, then restore`);
  } finally {
    db.close();
  }
}
