import { execFileSync } from "node:child_process";
import path from "node:path";
import { tempDirForFile } from "@/tests/support/temp-dir";

/**
 * A real, migrated SQLite file per test file. Call before anything imports lib/db/client (that module reads
 * DATABASE_URL once), then import the modules under test dynamically.
 */
export function tempDatabase(): { dir: string; url: string } {
  const dir = tempDirForFile("rampart-rulesets");
  const url = `file:${path.join(dir, "test.db")}`;
  process.env.DATABASE_URL = url;
  return { dir, url };
}

export function migrate(url: string): void {
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
    cwd: path.resolve(import.meta.dirname, "../.."),
  });
}

/** Migrates the database DATABASE_URL names with the project's own prisma, as scripts/start.sh does. */
export function migrateDatabase(): void {
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: process.env,
    stdio: "pipe",
  });
}
