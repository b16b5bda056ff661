import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDirForFile } from "../support/temp-dir";

// A real SQLite file shared by several processes, as several server processes would share a database.
const dir = tempDirForFile("rampart-throttle-procs");
process.env.DATABASE_URL = `file:${path.join(dir, "t.db")}`;
const root = path.resolve(import.meta.dirname, "../..");

beforeAll(() => {
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: process.env,
    stdio: "pipe",
    cwd: root,
  });
});

function startWorker(username: string, count: number, tag: string) {
  const child = spawn(
    process.execPath,
    [
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      "--tsconfig",
      path.join(root, "tsconfig.json"),
      path.join(import.meta.dirname, "login-throttle-worker.ts"),
      username,
      String(count),
      tag,
    ],
    {
      cwd: root,
      env: process.env,
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  return { child, next };
}

describe("sign-in throttle across server processes", () => {
  it("3 processes × 20 simultaneous wrong passwords for one account: at most 5 passwords are checked in all", async () => {
    const { db } = await import("@/lib/db/client");
    const { hashPassword } = await import("@/lib/auth/password");
    await db.user.create({
      data: { username: "grace", passwordHash: await hashPassword("graces-real-password"), role: "operator" },
    });

    const workers = ["a", "b", "c"].map((tag) => startWorker("grace", 20, tag));
    for (const w of workers) expect(await w.next()).toBe("ready");
    for (const w of workers) w.child.stdin!.write("go\n");
    const reports = await Promise.all(
      workers.map(async (w) => JSON.parse(await w.next()) as { checked: number; limited: number }),
    );

    const checked = reports.reduce((n, r) => n + r.checked, 0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(checked).toBeGreaterThan(0);
    expect(reports.reduce((n, r) => n + r.limited, 0)).toBe(60 - checked);
    expect(await db.auditEvent.count({ where: { action: "login.failed", actorLabel: "grace" } })).toBe(checked);
  }, 120_000);
});
