import { PrismaClient } from "@/lib/generated/prisma/client";
import { resolveDatabaseUrl } from "./database-url";
import { sqliteAdapter } from "./sqlite-adapter";

// One client per process, reused across hot reloads in dev (Next re-evaluates modules).
const globalForDb = globalThis as unknown as { rampartDb?: PrismaClient };

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: sqliteAdapter(resolveDatabaseUrl()) });
}

export const db: PrismaClient = globalForDb.rampartDb ?? createClient();
globalForDb.rampartDb = db;
