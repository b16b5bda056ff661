import fs from "node:fs";
import path from "node:path";
import { openSqliteFile } from "./sqlite-file";

/** A refusal with a message for the admin; nothing was changed when one is thrown. */
export class BackupError extends Error {}

export interface BackupSummary {
  /** Applied migrations, oldest first; the last one names the schema. */
  migrations: string[];
  /** The credential keys the backup's router secrets are sealed with. */
  keyIds: string[];
  counts: { users: number; routers: number; ruleSets: number; deployments: number };
}

/** Reads a backup file without changing it: a Rampart database, intact, and what it holds. */
export function inspectBackup(file: string): BackupSummary {
  if (!fs.existsSync(file)) throw new BackupError(`${file}: no such file`);
  let db;
  try {
    db = openSqliteFile(file, { readonly: true });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened as a database: ${(err as Error).message}`);
  }
  try {
    const check = one(db.prepare("PRAGMA quick_check").all());
    if (check !== "ok") throw new BackupError(`${file} is damaged (SQLite quick_check: ${check})`);
    const tables = new Set(
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((r) => (r as { name: string }).name),
    );
    if (!tables.has("_prisma_migrations") || !tables.has("User"))
      throw new BackupError(`${file} is a SQLite file but not a Rampart database`);
    const migrations = db
      .prepare(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
      )
      .all()
      .map((r) => (r as { migration_name: string }).migration_name);
    const keyIds = tables.has("RouterCredential")
      ? db
          .prepare('SELECT DISTINCT keyId FROM "RouterCredential" ORDER BY keyId')
          .all()
          .map((r) => (r as { keyId: string }).keyId)
      : [];
    const count = (table: string) =>
      tables.has(table) ? Number((db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n) : 0;
    return {
      migrations,
      keyIds,
      counts: {
        users: count("User"),
        routers: count("Router"),
        ruleSets: count("RuleSet"),
        deployments: count("Deployment"),
      },
    };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} cannot be read as a Rampart database: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

function one(rows: unknown[]): string {
  return rows.map((r) => Object.values(r as Record<string, unknown>)[0]).join("; ");
}

export const SIDECARS = ["", "-wal", "-shm", "-journal"];

export function removeWithSidecars(file: string): void {
  for (const s of SIDECARS) fs.rmSync(file + s, { force: true });
}

/** The migrations this install knows (prisma/migrations), oldest first. */
export function knownMigrations(root = process.cwd()): string[] {
  const dir = path.join(root, "prisma", "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function describeBackup(s: BackupSummary): string {
  const c = s.counts;
  return `schema ${s.migrations.at(-1) ?? "(none)"}; ${c.users} user(s), ${c.routers} router(s), ${c.ruleSets} rule set(s), ${c.deployments} deployment(s)`;
}
