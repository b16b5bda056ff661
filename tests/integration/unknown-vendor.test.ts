import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDirForFile } from "../support/temp-dir";
import { migrateDatabase } from "../support/temp-database";

// Real SQLite file, migrated by the real CLI, before any module opens the database.
const dir = tempDirForFile("rampart-unknown-vendor");
process.env.DATABASE_URL = `file:${path.join(dir, "v.db")}`;
process.env.RAMPART_CREDENTIAL_KEY_FILE = path.join(dir, "credential.key");
delete process.env.RAMPART_CREDENTIAL_KEY;

describe("a stored router whose vendor or transport this build does not know", () => {
  beforeAll(() => {
    migrateDatabase();
  });

  it("fails by name where it is loaded for a connection, instead of being treated as another vendor's router or transport", async () => {
    const { createRouter, loadRouterTarget } = await import("@/lib/inventory/routers");
    const { describeError } = await import("@/lib/push/router-session");
    const { db } = await import("@/lib/db/client");
    const made = await createRouter(
      { type: "system", id: null, label: "test" },
      {
        name: "edge",
        vendor: "mikrotik",
        host: "192.0.2.7",
        port: 8728,
        transport: "api",
        username: "admin",
        password: "pw-not-in-messages",
        site: "",
        tags: [],
        notes: "",
        tlsMode: "verify",
      },
    );
    if (!made.ok) throw new Error(made.message);
    expect((await loadRouterTarget(made.id))?.vendor).toBe("mikrotik");

    // A row another build (or a hand edit) wrote: before, it read as a RouterOS router and was connected to as one.
    await db.router.update({ where: { id: made.id }, data: { vendor: "cisco" } });
    const err = await loadRouterTarget(made.id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    // What a push or a drift check records for it: the vendor named, the build's list, no credential.
    expect(describeError(err)).toEqual({
      message: "unknown router vendor 'cisco' (this build knows mikrotik, openwrt)",
      routerMessage: null,
    });
    expect((await db.router.findUniqueOrThrow({ where: { id: made.id } })).vendor).toBe("cisco");

    // The same for a transport: before, anything but "ssh" or "api-ssl" was connected to as plain "api".
    await db.router.update({ where: { id: made.id }, data: { vendor: "mikrotik", transport: "telnet" } });
    const bad = await loadRouterTarget(made.id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(describeError(bad)).toEqual({
      message: "unknown router transport 'telnet' (this build knows api, api-ssl, ssh)",
      routerMessage: null,
    });
    await db.$disconnect();
  });
});
