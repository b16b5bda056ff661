import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl } from "./lib/db/database-url";
import { sqliteAdapter } from "./lib/db/sqlite-adapter";

// The JS schema engine over better-sqlite3 keeps every Prisma CLI command offline (no engine download).
// Prisma does not load .env when a config file exists; the URL comes from the process environment.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return sqliteAdapter(resolveDatabaseUrl());
  },
});
