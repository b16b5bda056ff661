/**
 * Issue #16, item 7: the database (password and token hashes, sealed router secrets) is owner-only, like
 * data/credential.key: 0600 for the file and its -wal/-shm/-journal, 0700 for a folder we create. Checked with
 * fs.stat after a real `prisma migrate deploy` and after the app's own client has written through WAL.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-dbmode-"));
const dir = path.join(root, "fresh", "data");
const file = path.join(dir, "rampart.db");
process.env.DATABASE_URL = `file:${file}`;
process.env.RAMPART_CREDENTIAL_KEY_FILE = path.join(root, "keys", "credential.key");

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db.$disconnect();
});

describe("database file modes", () => {
  it("prisma migrate deploy (as scripts/start.sh runs it) creates the file 0600 in a 0700 folder", () => {
    execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:${file}` },
      stdio: "pipe",
    });
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect(modeOf(file).toString(8)).toBe("600");
    expect(modeOf(dir).toString(8)).toBe("700");
    expect(modeOf(path.dirname(dir)).toString(8)).toBe("700");
    for (const s of ["-wal", "-shm", "-journal"])
      if (fs.existsSync(file + s)) expect(modeOf(file + s).toString(8), s).toBe("600");
  });

  it("the app's client writes through WAL: -wal and -shm are 0600 too", async () => {
    const { db } = await import("@/lib/db/client");
    await db.setting.upsert({ where: { key: "probe" }, create: { key: "probe", value: "1" }, update: { value: "2" } });
    expect(fs.existsSync(file + "-wal")).toBe(true);
    expect(fs.existsSync(file + "-shm")).toBe(true);
    for (const s of ["", "-wal", "-shm"]) expect(modeOf(file + s).toString(8), s || "db").toBe("600");
  });

  it("an install from before the rule is tightened on the next start; a folder chosen for DATABASE_URL is left alone", async () => {
    const { resolveDatabaseUrl } = await import("@/lib/db/database-url");
    const old = path.join(root, "old");
    fs.mkdirSync(path.join(old, "data"), { recursive: true, mode: 0o755 });
    fs.chmodSync(path.join(old, "data"), 0o755);
    for (const s of ["", "-wal", "-shm", "-journal"])
      fs.writeFileSync(path.join(old, "data", "rampart.db" + s), "", { mode: 0o644 });
    expect(resolveDatabaseUrl({}, old)).toBe(`file:${path.join(old, "data", "rampart.db")}`);
    expect(modeOf(path.join(old, "data")).toString(8)).toBe("700");
    for (const s of ["", "-wal", "-shm", "-journal"])
      expect(modeOf(path.join(old, "data", "rampart.db" + s)).toString(8), s || "db").toBe("600");

    const shared = path.join(root, "shared");
    fs.mkdirSync(shared, { mode: 0o755 });
    fs.chmodSync(shared, 0o755);
    resolveDatabaseUrl({ DATABASE_URL: `file:${path.join(shared, "x.db")}` });
    expect(modeOf(shared).toString(8)).toBe("755");
    expect(modeOf(path.join(shared, "x.db")).toString(8)).toBe("600");
  });

  it("the credential key's folder is 0700 and the key 0600", async () => {
    const { loadCredentialKey } = await import("@/lib/crypto/credential-key");
    loadCredentialKey();
    expect(modeOf(path.join(root, "keys")).toString(8)).toBe("700");
    expect(modeOf(path.join(root, "keys", "credential.key")).toString(8)).toBe("600");
  });
});
