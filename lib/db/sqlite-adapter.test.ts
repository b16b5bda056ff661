// The handle lib/db/direct-sql uses is read from a private field of @prisma/adapter-better-sqlite3
// (sqlite-adapter.ts, databaseOf). This fails, with the adapter's own message, if an upgrade moves it.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUSY_TIMEOUT_MS, sqliteAdapter } from "./sqlite-adapter";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("TunedSqliteAdapterFactory.connection", () => {
  it("is the very better-sqlite3 database Prisma's adapter opened, tuned, and closed with it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rampart-adapter-"));
    dirs.push(dir);
    const factory = sqliteAdapter(`file:${path.join(dir, "t.db")}`);
    const adapter = await factory.connect();
    const db = factory.connection!;
    // better-sqlite3 as the Prisma adapter resolves it: the same class, not a look-alike.
    const Database = createRequire(createRequire(import.meta.url).resolve("@prisma/adapter-better-sqlite3"))(
      "better-sqlite3",
    ) as new (...a: unknown[]) => unknown;
    expect(db).toBeInstanceOf(Database);
    expect(db.open).toBe(true);
    // busy_timeout is per connection: set by CONNECTION_PRAGMAS through the adapter, read back through the handle.
    expect(db.prepare("PRAGMA busy_timeout").safeIntegers(false).all()).toEqual([{ timeout: BUSY_TIMEOUT_MS }]);
    await adapter.executeScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (41);");
    expect(db.prepare("SELECT x + 1 AS y FROM t").safeIntegers(false).all()).toEqual([{ y: 42 }]);
    await adapter.dispose();
    expect(db.open).toBe(false);
  });
});
