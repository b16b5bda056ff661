import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TempDb {
  dir: string;
  url: string;
  /** Environment for a process that should use this database and its own credential key. */
  env: NodeJS.ProcessEnv;
  remove(): void;
}

/** A fresh, migrated SQLite database in a temp directory, with its own credential key file. */
export function createTempDb(label: string): TempDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rampart-bench-${label}-`));
  const url = `file:${path.join(dir, "bench.db")}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    RAMPART_CREDENTIAL_KEY_FILE: path.join(dir, "credential.key"),
    RAMPART_DISABLE_POLLER: "1",
  };
  delete env.RAMPART_CREDENTIAL_KEY;
  execFileSync(
    process.execPath,
    [path.join(process.cwd(), "node_modules/prisma/build/index.js"), "migrate", "deploy"],
    { env, stdio: "pipe" },
  );
  return { dir, url, env, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
