import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type SqlDriverAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/** How long a writer waits for another process's lock (server, poller, CLI, `prisma migrate deploy`). */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Run on every connection. WAL lets readers (the pages, the poller) go on while one process writes, and with
 * synchronous=NORMAL a commit appends to the log without an fsync (the log is synced at checkpoints), so the
 * many small writes of a push or a sweep cost microseconds instead of a disk flush each. A power cut can lose
 * the last commits, never the database. journal_mode is stored in the file; the other two are per connection.
 */
export const CONNECTION_PRAGMAS = `PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`;

/** The parts of better-sqlite3 that lib/db/direct-sql uses (the package ships no types of its own). */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  all(...params: unknown[]): unknown[];
  safeIntegers(on: boolean): SqliteStatement;
}
export interface SqliteConnection {
  readonly open: boolean;
  prepare(sql: string): SqliteStatement;
  transaction<T>(fn: () => T): () => T;
  /** SQLite's online backup into a new file (lib/backup). */
  backup(
    file: string,
    options?: { progress?: (p: { totalPages: number; remainingPages: number }) => number | undefined },
  ): Promise<unknown>;
}

/** better-sqlite3 under Prisma with Rampart's connection settings: the app, the CLI, tests and the Prisma CLI. */
export class TunedSqliteAdapterFactory extends PrismaBetterSQLite3 {
  /** The better-sqlite3 database Prisma opened last (it opens one per connect), for lib/db/direct-sql. */
  connection: SqliteConnection | null = null;

  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect();
    await adapter.executeScript(CONNECTION_PRAGMAS);
    const db = databaseOf(adapter);
    if (!db) {
      await adapter.dispose();
      throw new Error(
        "@prisma/adapter-better-sqlite3 no longer keeps its better-sqlite3 database in `client`; " +
          "lib/db/sqlite-adapter.ts (databaseOf) must be updated for the installed version",
      );
    }
    this.connection = db;
    return adapter;
  }
}

/**
 * The one private read of a dependency here. @prisma/adapter-better-sqlite3 6.19.3 (pinned exactly in
 * package.json) has no public way to the database it opened: the factory's config is #private, the adapter
 * class is not exported and keeps the better-sqlite3 Database in a plain `client` field. Checked for shape so
 * that a renamed field fails at connect with the message above (sqlite-adapter.test.ts), not later as "not
 * open". Drop when Prisma exposes the underlying driver, or when direct-sql's statements go through Prisma.
 */
function databaseOf(adapter: SqlDriverAdapter): SqliteConnection | null {
  const client = (adapter as unknown as { client?: SqliteConnection }).client;
  const looksRight =
    !!client &&
    typeof client.prepare === "function" &&
    typeof client.transaction === "function" &&
    client.open === true;
  return looksRight ? client : null;
}

export function sqliteAdapter(url: string): TunedSqliteAdapterFactory {
  return new TunedSqliteAdapterFactory({ url, timeout: BUSY_TIMEOUT_MS });
}
