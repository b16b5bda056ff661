import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDirForFile } from "../support/temp-dir";
import { migrateDatabase } from "../support/temp-database";

// Real SQLite file, migrated by the real CLI, before any module opens the database.
const dir = tempDirForFile("rampart-direct-sql");
process.env.DATABASE_URL = `file:${path.join(dir, "d.db")}`;

describe("plain SQL on Prisma's connection", () => {
  beforeAll(() => {
    migrateDatabase();
  });

  it("writes rows Prisma reads back the same: dates, nulls, booleans and hostile text as values", async () => {
    const { execute, queryRows, sql } = await import("@/lib/db/direct-sql");
    const { auditInsert } = await import("@/lib/audit/record");
    const { db } = await import("@/lib/db/client");
    const summary = `x'); DROP TABLE "AuditEvent"; --`;
    const before = Date.now();
    await execute(
      auditInsert({
        actor: { type: "system", id: null, label: "t" },
        action: "test.direct",
        summary,
        details: { a: 1 },
      }),
    );
    const row = await db.auditEvent.findFirstOrThrow({ where: { action: "test.direct" } });
    expect(row.summary).toBe(summary);
    expect(row.actorId).toBeNull();
    expect(row.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(JSON.parse(row.details)).toEqual({ a: 1 });

    const user = await db.user.create({ data: { username: "u1", passwordHash: "x", role: "viewer" } });
    await execute(
      sql`UPDATE "User" SET "disabled" = ${true}, "lastLoginAt" = ${new Date("2026-01-02T03:04:05.678Z")} WHERE "id" = ${user.id}`,
    );
    const u = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(u.disabled).toBe(true);
    expect(u.lastLoginAt?.toISOString()).toBe("2026-01-02T03:04:05.678Z");
    const [count] = await queryRows(sql`SELECT COUNT(*) AS n FROM "AuditEvent"`);
    expect(count.n).toBe(1);
  });

  it("runs several statements as one transaction: a failing one leaves nothing of the others", async () => {
    const { execute, queryRows, sql } = await import("@/lib/db/direct-sql");
    const { auditInsert } = await import("@/lib/audit/record");
    const first = auditInsert({
      actor: { type: "system", id: null, label: "t" },
      action: "test.atomic",
      summary: "first",
    });
    const broken = sql`INSERT INTO "User" ("id", "username") VALUES (${"only-id"}, ${null})`;
    await expect(execute(first, broken)).rejects.toThrow();
    expect(await queryRows(sql`SELECT * FROM "AuditEvent" WHERE "action" = ${"test.atomic"}`)).toEqual([]);
    expect(await execute(first, sql`UPDATE "User" SET "role" = ${"viewer"} WHERE "id" = ${"nobody"}`)).toEqual([1, 0]);
  });

  it("joins lists as bound parameters and refuses an empty list", async () => {
    const { join, queryRows, sql } = await import("@/lib/db/direct-sql");
    const rows = await queryRows(
      sql`SELECT "username" FROM "User" WHERE "username" IN (${join(["u1", "' OR 1=1 --"])})`,
    );
    expect(rows).toEqual([{ username: "u1" }]);
    expect(() => join([])).toThrow(/empty list/);
  });

  it("a duplicate key from a plain statement is a unique violation, as Prisma's own error is", async () => {
    const { execute, sql } = await import("@/lib/db/direct-sql");
    const { isUniqueViolation } = await import("@/lib/rulesets/outcome");
    const insert = sql`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (${"dup"}, ${"1"}, ${new Date()})`;
    await execute(insert);
    const err = await execute(insert).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(new Error("no code"))).toBe(false);
  });
});
