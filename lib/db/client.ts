import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { resolveDatabaseUrl } from "./database-url";

// One client per process, reused across hot reloads in dev (Next re-evaluates modules).
const globalForDb = globalThis as unknown as { rampartDb?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: resolveDatabaseUrl() });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = globalForDb.rampartDb ?? createClient();
globalForDb.rampartDb = db;
