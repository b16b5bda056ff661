import { createRequire } from "node:module";
import path from "node:path";

/** The better-sqlite3 calls the backup code uses on a file of its own (the package ships no types). */
export interface SqliteFile {
  prepare(sql: string): { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown };
  pragma(sql: string): unknown;
  exec(sql: string): void;
  close(): void;
}

type SqliteConstructor = new (
  file: string,
  options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number },
) => SqliteFile;

/**
 * Opens a SQLite file outside the app's Prisma client (a backup to inspect, a database to lock). better-sqlite3 is
 * loaded from Prisma's adapter, which brings it: the project never depends on it directly (its latest major needs
 * Node 22).
 */
export function openSqliteFile(file: string, options: { readonly?: boolean; timeoutMs?: number } = {}): SqliteFile {
  // Resolved from the install folder at run time (the server and the CLI run there): the server's bundle has no
  // file URL in import.meta.url to resolve from.
  const fromAdapter = createRequire(
    createRequire(path.join(process.cwd(), "package.json")).resolve("@prisma/adapter-better-sqlite3"),
  );
  const Database = fromAdapter("better-sqlite3") as SqliteConstructor;
  return new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: true,
    timeout: options.timeoutMs ?? 0,
  });
}
