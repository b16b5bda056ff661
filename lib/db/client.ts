import { PrismaClient } from "@/lib/generated/prisma/client";
import { resolveDatabaseUrl } from "./database-url";
import { sqliteAdapter, type SqliteConnection, type TunedSqliteAdapterFactory } from "./sqlite-adapter";

export type { SqliteConnection, SqliteStatement } from "./sqlite-adapter";

// One client per process, reused across hot reloads in dev (Next re-evaluates modules).
const globalForDb = globalThis as unknown as { rampartDb?: PrismaClient; rampartDbAdapter?: TunedSqliteAdapterFactory };

function createClient(): PrismaClient {
  globalForDb.rampartDbAdapter = sqliteAdapter(resolveDatabaseUrl());
  return new PrismaClient({ adapter: globalForDb.rampartDbAdapter });
}

export const db: PrismaClient = globalForDb.rampartDb ?? createClient();
globalForDb.rampartDb = db;

/** The connection under `db`, opened if Prisma has not yet (see lib/db/direct-sql). */
export async function connectedSqlite(): Promise<SqliteConnection> {
  const adapter = globalForDb.rampartDbAdapter;
  if (!adapter) throw new Error("the database client was created without Rampart's adapter");
  if (!adapter.connection?.open) await db.$connect();
  if (!adapter.connection?.open) throw new Error("the database connection is not open");
  return adapter.connection;
}
