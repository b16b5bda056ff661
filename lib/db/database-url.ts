import fs from "node:fs";
import path from "node:path";
import { serverEnv } from "../env";

/**
 * DATABASE_URL wins; otherwise data/rampart.db under the working directory (git-ignored). Every opener (the app,
 * the CLI, `prisma migrate deploy` through prisma.config.ts) resolves the URL here first, so this is where the
 * file is made owner-only before SQLite ever creates it.
 */
export function resolveDatabaseUrl(env: { DATABASE_URL?: string } = serverEnv(), cwd = process.cwd()): string {
  const fromEnv = env.DATABASE_URL?.trim();
  if (fromEnv) {
    const file = sqliteFileOf(fromEnv);
    if (file) secureDatabaseFile(path.resolve(cwd, file), false);
    return fromEnv;
  }
  const file = path.resolve(cwd, "data", "rampart.db");
  secureDatabaseFile(file, true);
  return `file:${file}`;
}

/** The file behind a `file:` URL, or null for anything else (another database backs up with its own tools). */
export function sqliteFileOf(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  const file = url.slice("file:".length).split("?")[0];
  return file && file !== ":memory:" ? file : null;
}

/** SQLite creates the -wal, -shm and -journal files with the mode of the database file (os_unix.c), so 0600 here covers them. */
const SIDECARS = ["", "-wal", "-shm", "-journal"];

/**
 * The database holds password and token hashes and the sealed router secrets: owner-only (0600), like
 * data/credential.key. Its folder is made 0700 when we create it; our own data/ folder is tightened even when it
 * exists (installs from before this rule), but a folder someone chose for DATABASE_URL is theirs to set.
 */
function secureDatabaseFile(file: string, ownFolder: boolean): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (ownFolder) tighten(dir, 0o700);
  // "a" creates an empty file (SQLite's empty database) without touching an existing one.
  fs.closeSync(fs.openSync(file, "a", 0o600));
  for (const suffix of SIDECARS) tighten(file + suffix, 0o600);
}

function tighten(p: string, mode: number): void {
  try {
    if ((fs.statSync(p).mode & 0o777) !== mode) fs.chmodSync(p, mode);
  } catch (e) {
    // A sidecar that does not exist is fine; a file we do not own keeps its mode (the open would fail anyway).
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "EPERM") throw e;
  }
}
