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

/** better-sqlite3 under Prisma with Rampart's connection settings: the app, the CLI, tests and the Prisma CLI. */
class TunedSqliteAdapterFactory extends PrismaBetterSQLite3 {
  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect();
    await adapter.executeScript(CONNECTION_PRAGMAS);
    return adapter;
  }
}

export function sqliteAdapter(url: string): PrismaBetterSQLite3 {
  return new TunedSqliteAdapterFactory({ url, timeout: BUSY_TIMEOUT_MS });
}
