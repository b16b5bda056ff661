/**
 * Issue #16, item 1: a stored router secret only ever goes to the stored endpoint. The attacker's requests run
 * against real SQLite, and the "attacker's host" is a real TCP listener that must see nothing at all: no
 * connection, no byte. A positive control (an admin testing with a typed password) proves the listener would
 * have noticed.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RouterInput } from "@/lib/inventory/router-schema";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import { migrateDatabase } from "../support/temp-database";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-secret-use-"));
process.env.DATABASE_URL = `file:${path.join(dir, "s.db")}`;
process.env.RAMPART_CREDENTIAL_KEY_FILE = path.join(dir, "credential.key");

const actor = { type: "system" as const, id: null, label: "test" };
const STORED_PASSWORD = "stored-admin-only-pw";
const SSH_KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----";

/** The attacker's listener: records every connection and every byte it receives. */
class Listener {
  connections = 0;
  bytes = Buffer.alloc(0);
  private server = net.createServer((sock) => {
    this.connections++;
    sock.on("data", (d) => (this.bytes = Buffer.concat([this.bytes, d])));
    sock.on("error", () => undefined);
    // Hold the line silent: a client that got this far would have sent its login by now.
    setTimeout(() => sock.destroy(), 300);
  });
  port = 0;
  async start() {
    this.server.listen(0, "127.0.0.1");
    await new Promise((r) => this.server.once("listening", r));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  reset() {
    this.connections = 0;
    this.bytes = Buffer.alloc(0);
  }
  /** Waits long enough for a late connection to arrive, then reports. */
  async seen() {
    await new Promise((r) => setTimeout(r, 300));
    return { connections: this.connections, bytes: this.bytes.length };
  }
  close() {
    return new Promise((r) => this.server.close(r));
  }
}

let peer: RouterOsPeer;
const listener = new Listener();
let mikrotikId = "";
let openwrtId = "";
let mikrotikForm: RouterInput;
let openwrtForm: RouterInput;

beforeAll(async () => {
  migrateDatabase();
  peer = await startRouterOsPeer({ users: { admin: STORED_PASSWORD } });
  await listener.start();
  const { createRouter } = await import("@/lib/inventory/routers");
  mikrotikForm = {
    name: "edge",
    vendor: "mikrotik",
    host: "127.0.0.1",
    port: peer.port,
    transport: "api",
    username: "admin",
    site: "",
    tags: [],
    notes: "",
    tlsMode: "verify",
  };
  const m = await createRouter(actor, { ...mikrotikForm, password: STORED_PASSWORD });
  if (!m.ok) throw new Error(m.message);
  mikrotikId = m.id;
  // Nothing listens at its stored endpoint: no test here may connect to it.
  openwrtForm = {
    name: "branch",
    vendor: "openwrt",
    host: "127.0.0.2",
    port: 22,
    transport: "ssh",
    username: "root",
    site: "",
    tags: [],
    notes: "",
    tlsMode: "verify",
  };
  const o = await createRouter(actor, { ...openwrtForm, privateKey: SSH_KEY });
  if (!o.ok) throw new Error(o.message);
  openwrtId = o.id;
});

afterAll(async () => {
  await peer?.close();
  await listener.close();
});

beforeEach(() => listener.reset());

const test = async (...args: Parameters<typeof import("@/lib/inventory/test-router-settings").testRouterSettings>) =>
  (await import("@/lib/inventory/test-router-settings")).testRouterSettings(...args);

describe("an operator cannot point the server at a host of their choice", () => {
  it("the stored RouterOS password does not go to the operator's listener (the reported attack)", async () => {
    const r = await test("operator", mikrotikId, { ...mikrotikForm, port: listener.port });
    expect(r).toMatchObject({
      refused: true,
      message: "Testing changed connection settings needs the admin role; an operator can test the router as stored.",
    });
    expect(await listener.seen()).toEqual({ connections: 0, bytes: 0 });
  });

  it("nor the stored OpenWrt key to an SSH server of their choice", async () => {
    const r = await test("operator", openwrtId, { ...openwrtForm, host: "127.0.0.1", port: listener.port });
    expect(r.refused).toBe(true);
    expect(await listener.seen()).toEqual({ connections: 0, bytes: 0 });
  });

  it("nor a password the operator typed: no probing of arbitrary host:port, with or without a router id", async () => {
    expect(
      (await test("operator", mikrotikId, { ...mikrotikForm, port: listener.port, password: "typed" })).refused,
    ).toBe(true);
    expect(await test("operator", null, { ...mikrotikForm, port: listener.port, password: "typed" })).toMatchObject({
      refused: true,
      message: "Testing a router that is not saved needs the admin role.",
    });
    expect(await listener.seen()).toEqual({ connections: 0, bytes: 0 });
  });

  it("nor the stored password with changed settings at the stored endpoint (username, TLS)", async () => {
    for (const form of [
      { ...mikrotikForm, username: "other" },
      { ...mikrotikForm, transport: "api-ssl" as const, tlsMode: "anonymous-dh" as const },
    ]) {
      expect((await test("operator", mikrotikId, form)).refused).toBe(true);
    }
  });

  it("a viewer cannot test at all", async () => {
    expect((await test("viewer", mikrotikId, null)).refused).toBe(true);
  });

  it("the router as stored can be tested by an operator (form unchanged, or no form as in the API)", async () => {
    for (const form of [mikrotikForm, null]) {
      const r = await test("operator", mikrotikId, form);
      expect(r).toMatchObject({ refused: false, ok: true });
    }
  });
});

describe("an admin cannot reuse the stored secret at a changed endpoint", () => {
  it.each([
    ["port", () => ({ ...mikrotikForm, port: listener.port })],
    ["host", () => ({ ...mikrotikForm, host: "localhost", port: listener.port })],
    [
      "transport",
      () => ({ ...mikrotikForm, port: listener.port, transport: "api-ssl", tlsMode: "anonymous-dh" }) as RouterInput,
    ],
  ])("changed %s with an empty password field: field error at password, nothing sent", async (_what, form) => {
    const r = await test("admin", mikrotikId, form());
    expect(r).toMatchObject({ refused: true, code: "forbidden", issues: [{ path: "password" }] });
    expect(r.refused && r.message).toBe(
      `enter the password again to test a changed host, port, vendor or transport: the stored one is only sent to 127.0.0.1:${peer.port}`,
    );
    expect(await listener.seen()).toEqual({ connections: 0, bytes: 0 });
  });

  it("the stored OpenWrt key does not follow a vendor change to the listener", async () => {
    const r = await test("admin", openwrtId, { ...mikrotikForm, host: "127.0.0.1", port: listener.port });
    expect(r).toMatchObject({ refused: true, code: "forbidden", issues: [{ path: "password" }] });
    expect(await listener.seen()).toEqual({ connections: 0, bytes: 0 });
  });

  it("with the stored secret at the stored endpoint, an admin may test a changed username", async () => {
    const r = await test("admin", mikrotikId, { ...mikrotikForm, username: "nobody" });
    expect(r).toMatchObject({ refused: false, ok: false, kind: "auth" });
  });

  it("positive control: an admin testing a typed password at the listener does reach it, and only with what was typed", async () => {
    const r = await test("admin", mikrotikId, { ...mikrotikForm, port: listener.port, password: "typed-by-admin" });
    expect(r.refused).toBe(false);
    const seen = await listener.seen();
    expect(seen.connections).toBe(1);
    expect(seen.bytes).toBeGreaterThan(0);
    expect(listener.bytes.includes("typed-by-admin")).toBe(true);
    expect(listener.bytes.includes(STORED_PASSWORD)).toBe(false);
  });
});

describe("saving a changed endpoint needs the secret again", () => {
  it("an update that moves the router to the listener without a password is refused at the password field; nothing is written", async () => {
    const { updateRouter, getRouter } = await import("@/lib/inventory/routers");
    const before = await getRouter(mikrotikId);
    for (const patch of [
      { port: listener.port },
      { host: "localhost" },
      { vendor: "openwrt", transport: "ssh" },
    ] as const) {
      const r = await updateRouter(actor, mikrotikId, { ...mikrotikForm, ...patch });
      const message = `enter the password again to save a changed host, port, vendor or transport: the stored one is only sent to 127.0.0.1:${peer.port}`;
      expect(r).toEqual({ ok: false, code: "validation_failed", message, issues: [{ path: "password", message }] });
    }
    expect(await getRouter(mikrotikId)).toEqual(before);

    // The health poll and a push still only ever reach the stored endpoint.
    const { pollRouter } = await import("@/lib/health/sweep");
    expect((await pollRouter(mikrotikId, { concurrency: 1, timeoutMs: 2000 })).state).toBe("up");
    const { loadPushRouter } = await import("@/lib/push/router-session");
    const push = await loadPushRouter(mikrotikId);
    expect(push.ok && push.router.target.port).toBe(peer.port);
    expect(await listener.seen()).toEqual({ connections: 0, bytes: 0 });
  });

  it("the same edit with the password typed again is saved; other edits keep the stored secret", async () => {
    const { updateRouter, getRouter } = await import("@/lib/inventory/routers");
    expect(await updateRouter(actor, mikrotikId, { ...mikrotikForm, notes: "edited" })).toMatchObject({ ok: true });
    expect((await getRouter(mikrotikId))?.notes).toBe("edited");
    expect(
      await updateRouter(actor, mikrotikId, { ...mikrotikForm, host: "localhost", password: STORED_PASSWORD }),
    ).toMatchObject({ ok: true });
    expect((await getRouter(mikrotikId))?.host).toBe("localhost");
  });

  it("an edit with the CA field left empty keeps the stored CA, as the form says", async () => {
    const { updateRouter } = await import("@/lib/inventory/routers");
    const { db } = await import("@/lib/db/client");
    const ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    const form = { ...mikrotikForm, host: "localhost", transport: "api-ssl" as const, password: STORED_PASSWORD };
    expect(await updateRouter(actor, mikrotikId, { ...form, tlsCaPem: ca })).toMatchObject({ ok: true });
    expect(await updateRouter(actor, mikrotikId, { ...form, password: undefined, notes: "ca kept" })).toMatchObject({
      ok: true,
    });
    expect((await db.router.findUnique({ where: { id: mikrotikId } }))?.tlsCaPem).toBe(ca);
  });
});
