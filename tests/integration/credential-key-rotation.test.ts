import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDirForFile } from "../support/temp-dir";
import { migrateDatabase } from "../support/temp-database";

// Real SQLite file, migrated by the real CLI, before any module opens the database.
const dir = tempDirForFile("rampart-rotate");
process.env.DATABASE_URL = `file:${path.join(dir, "r.db")}`;
process.env.RAMPART_CREDENTIAL_KEY_FILE = path.join(dir, "credential.key");
delete process.env.RAMPART_CREDENTIAL_KEY;

const PASSWORD = "rotate-me-'\"$(x)";

describe("credential key rotation", () => {
  beforeAll(() => {
    migrateDatabase();
  });

  it("re-encrypts every secret; the router still decrypts, the old key no longer does, the password is never in the file", async () => {
    const { createRouter, loadRouterTarget } = await import("@/lib/inventory/routers");
    const { resetCredentialKeyCache, loadCredentialKey } = await import("@/lib/crypto/credential-key");
    const { rotateCredentialKey } = await import("@/lib/crypto/rotate-key");
    const { open } = await import("@/lib/crypto/secret-box");
    const { db } = await import("@/lib/db/client");
    const actor = { type: "system" as const, id: null, label: "test" };
    const made = await createRouter(actor, {
      name: "r1",
      vendor: "mikrotik",
      host: "192.0.2.1",
      port: 8728,
      transport: "api",
      username: "admin",
      password: PASSWORD,
      site: "",
      tags: [],
      notes: "",
      tlsMode: "verify",
    });
    expect(made.ok).toBe(true);
    const id = made.ok ? made.id : "";
    // An alert channel's signing secret is sealed with the same key and must follow it.
    const { createChannel, channelSecret } = await import("@/lib/alerts/channels");
    const hook = await createChannel({
      kind: "webhook",
      name: "hook",
      events: ["router-down"],
      enabled: true,
      sites: [],
      routerIds: [],
      config: { url: "http://127.0.0.1:9/h" },
      secret: "rotate-hook-secret",
    });
    if (!hook.ok) throw new Error(hook.message);
    const oldKey = loadCredentialKey();
    const before = await db.routerCredential.findUniqueOrThrow({ where: { routerId: id } });

    const r = await rotateCredentialKey();
    expect(r.count).toBe(2);
    expect(r.keyId).not.toBe(oldKey.id);
    expect(fs.existsSync(`${process.env.RAMPART_CREDENTIAL_KEY_FILE}.prev`)).toBe(true);
    expect(fs.statSync(process.env.RAMPART_CREDENTIAL_KEY_FILE!).mode & 0o777).toBe(0o600);

    resetCredentialKeyCache();
    expect((await loadRouterTarget(id))?.password).toBe(PASSWORD);
    const after = await db.routerCredential.findUniqueOrThrow({ where: { routerId: id } });
    expect(after.keyId).toBe(r.keyId);
    expect(after.ciphertext).not.toBe(before.ciphertext);
    expect(() => open(oldKey, after, id)).toThrow();
    const row = await db.alertChannel.findUniqueOrThrow({ where: { id: hook.channel.id } });
    expect(row.secretKeyId).toBe(r.keyId);
    expect(channelSecret(row)).toBe("rotate-hook-secret");

    await db.$disconnect();
    const dbBytes = fs.readFileSync(path.join(dir, "r.db"));
    expect(dbBytes.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(dbBytes.includes(Buffer.from("rotate-me"))).toBe(false);
    expect(dbBytes.includes(Buffer.from("rotate-hook-secret"))).toBe(false);
  });
});
