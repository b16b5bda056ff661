import { execFile, execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, tempDatabase } from "@/tests/support/temp-database";

// Real SQLite files, the real CLI in its own processes, and a second process writing while the backup is taken.
const { dir, url } = tempDatabase();
const keyFile = path.join(dir, "credential.key");
process.env.RAMPART_CREDENTIAL_KEY_FILE = keyFile;
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [path.join(root, "bin/rampart.mjs"), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, ...env },
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

// Hashed by another process: closing a file descriptor of this process on the live database would drop the
// POSIX locks its SQLite connection holds there (that is how fcntl locks work), and the in-use check reads them.
const sha = (file: string) => execFileSync("sha256sum", [file], { encoding: "utf8" }).split(" ")[0];

let lib: typeof import("./take-backup") &
  typeof import("./inspect-backup") &
  typeof import("./restore-backup") &
  typeof import("./sqlite-file");
let db: typeof import("@/lib/db/client").db;

beforeAll(async () => {
  migrate(url);
  lib = {
    ...(await import("./take-backup")),
    ...(await import("./inspect-backup")),
    ...(await import("./restore-backup")),
    ...(await import("./sqlite-file")),
  };
  db = (await import("@/lib/db/client")).db;
  const { seal } = await import("@/lib/crypto/secret-box");
  const { loadCredentialKey } = await import("@/lib/crypto/credential-key");
  await db.user.create({ data: { username: "alice", passwordHash: "x", role: "admin" } });
  const router = await db.router.create({
    data: { name: "edge-1", vendor: "mikrotik", host: "192.0.2.1", port: 8728, transport: "api", username: "admin" },
  });
  const sealed = seal(loadCredentialKey(), "router-pass", router.id);
  await db.routerCredential.create({ data: { routerId: router.id, kind: "password", ...sealed } });
}, 120_000);

afterAll(async () => {
  await db.$disconnect();
});

describe("backup", () => {
  it("is consistent while another process writes, and leaves no partial file", async () => {
    // A writer in its own process: one audit row per statement, as fast as it can, for the whole backup.
    const writer = spawn(
      process.execPath,
      [
        "-e",
        `
      const { createRequire } = require("node:module");
      const Database = createRequire(require.resolve("@prisma/adapter-better-sqlite3"))("better-sqlite3");
      const d = new Database(process.argv[1], { timeout: 5000 }); d.pragma("journal_mode = WAL");
      const ins = d.prepare("INSERT INTO AuditEvent (at, actorType, actorLabel, action, summary) VALUES (?, 'system', 'writer', 'test.write', 'row')");
      let n = 0; const end = Date.now() + 4000; process.stdout.write("go\\n");
      while (Date.now() < end) { ins.run(Date.now()); n++; }
      process.stdout.write(n + "\\n");`,
        url.slice("file:".length),
      ],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    writer.stdout.on("data", (c) => (out += c));
    await new Promise<void>((resolve) => writer.stdout.once("data", () => resolve()));
    const file = path.join(dir, "during-writes.db");
    const r = await lib.takeBackup(file);
    await new Promise((resolve) => writer.on("exit", resolve));
    const written = Number(out.split("\n")[1]);
    expect(written).toBeGreaterThan(100);
    expect(r.summary.counts).toMatchObject({ users: 1, routers: 1 });
    const copy = lib.openSqliteFile(file, { readonly: true });
    const inCopy = Number(
      (copy.prepare("SELECT COUNT(*) AS n FROM AuditEvent WHERE action = 'test.write'").get() as { n: number }).n,
    );
    expect(copy.prepare("PRAGMA integrity_check").all()).toEqual([{ integrity_check: "ok" }]);
    copy.close();
    expect(inCopy).toBeLessThanOrEqual(written);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.includes("partial") || f.startsWith("during-writes.db-"))).toEqual([]);
    await expect(lib.takeBackup(file)).rejects.toThrow("already exists");
  }, 60_000);
});

describe("restore (npx rampart restore)", () => {
  it("refuses a backup from a newer schema and changes nothing", async () => {
    const file = path.join(dir, "newer.db");
    await lib.takeBackup(file);
    const w = lib.openSqliteFile(file);
    w.exec(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, started_at, applied_steps_count) VALUES ('x', 'x', '20991231000000_from_the_future', 1, 1, 1)",
    );
    w.close();
    const before = sha(url.slice("file:".length));
    const r = await cli(["restore", file]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("made by a newer Rampart (schema 20991231000000_from_the_future");
    expect(sha(url.slice("file:".length))).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.includes("restoring") || f.includes("before-restore"))).toEqual([]);
  }, 60_000);

  it("refuses while the database is open (the server running)", async () => {
    const file = path.join(dir, "while-open.db");
    await lib.takeBackup(file);
    await db.user.count(); // this process holds the database open, as the server does
    const r = await cli(["restore", file]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("is in use (is the Rampart server running?)");
  }, 60_000);

  it("needs the key that sealed the backup's secrets, installs it from --key, and upgrades an older backup", async () => {
    const file = path.join(dir, "older.db");
    await lib.takeBackup(file);
    fs.copyFileSync(keyFile, path.join(dir, "backed-up.key"));
    // An older install: the last migration not yet applied (its table and its row gone).
    const w = lib.openSqliteFile(file);
    w.exec('DROP TABLE "LoginThrottle"');
    w.exec("DELETE FROM _prisma_migrations WHERE migration_name = '20261206000000_login_throttle'");
    w.close();
    await db.$disconnect();

    // A new install elsewhere, with a key of its own.
    const target = path.join(dir, "new-install", "rampart.db");
    const env = {
      DATABASE_URL: `file:${target}`,
      RAMPART_CREDENTIAL_KEY_FILE: path.join(dir, "new-install", "credential.key"),
    };
    expect((await cli(["migrate"], env)).code).toBe(0);
    fs.writeFileSync(env.RAMPART_CREDENTIAL_KEY_FILE, crypto.randomBytes(32).toString("base64"), { mode: 0o600 });
    const wrongKey = await cli(["restore", file], env);
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.out).toMatch(
      /sealed with credential key [0-9a-f]{12}, and this install's key is [0-9a-f]{12}: give the key file saved with the backup/,
    );

    const ok = await cli(["restore", file, "--key", path.join(dir, "backed-up.key")], env);
    expect(ok.out).toContain("1 user(s), 1 router(s)");
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/credential key installed at .*; the previous key is kept as/);
    const restored = lib.inspectBackup(target);
    // Every migration of this install applied, the one the backup lacked included.
    expect(restored.migrations).toEqual(lib.knownMigrations(root));
    expect(sha(env.RAMPART_CREDENTIAL_KEY_FILE)).toBe(sha(keyFile));
    // The restored install's key opens the router's secret in the restored database.
    const { open } = await import("@/lib/crypto/secret-box");
    const { decodeKey, keyId } = await import("@/lib/crypto/credential-key");
    const key = decodeKey(fs.readFileSync(env.RAMPART_CREDENTIAL_KEY_FILE, "utf8"));
    const restoredDb = lib.openSqliteFile(target, { readonly: true });
    const row = restoredDb
      .prepare('SELECT c.* FROM "RouterCredential" c JOIN "Router" r ON r.id = c.routerId WHERE r.name = ?')
      .get("edge-1") as { routerId: string; keyId: string; iv: string; ciphertext: string; authTag: string };
    restoredDb.close();
    expect(open({ id: keyId(key), key }, row, row.routerId)).toBe("router-pass");
  }, 120_000);
});
