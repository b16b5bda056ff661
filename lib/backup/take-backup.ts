import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { connectedSqlite } from "@/lib/db/client";
import { BackupError, inspectBackup, removeWithSidecars, type BackupSummary } from "./inspect-backup";
import { openSqliteFile } from "./sqlite-file";

/** Every remaining page in one step: one consistent snapshot even while another process writes (see below). */
const ALL_PAGES = 0x7fffffff;

export interface BackupResult {
  file: string;
  bytes: number;
  summary: BackupSummary;
}

/**
 * A consistent copy of the live database, taken while the server runs and pushes write. SQLite's online backup
 * restarts when another connection writes between its steps, so it copies every page in one step: under WAL that
 * step reads one snapshot and never blocks writers. Written beside the target and renamed when it checks out, so
 * a failed backup leaves no file that looks like one. The credential key is not in it (see README, Backups).
 */
export async function takeBackup(outFile: string): Promise<BackupResult> {
  const file = path.resolve(outFile);
  if (fs.existsSync(file))
    throw new BackupError(`${file} already exists: choose another name (an existing file is never overwritten)`);
  if (!fs.existsSync(path.dirname(file))) throw new BackupError(`${path.dirname(file)}: no such folder`);
  const partial = `${file}.partial-${crypto.randomBytes(4).toString("hex")}`;
  try {
    const conn = await connectedSqlite();
    await conn.backup(partial, { progress: () => ALL_PAGES });
    fs.chmodSync(partial, 0o600);
    selfContained(partial);
    const summary = inspectBackup(partial);
    fs.renameSync(partial, file);
    return { file, bytes: fs.statSync(file).size, summary };
  } finally {
    removeWithSidecars(partial);
  }
}

/** The copy is in WAL mode like its source; a rollback journal makes it one file that opens read-only cleanly. */
function selfContained(file: string): void {
  const db = openSqliteFile(file);
  try {
    db.pragma("journal_mode = DELETE");
  } finally {
    db.close();
  }
}
