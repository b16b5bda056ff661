import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startRouterOsPeer, type RouterOsPeer, type RouterOsPeerOptions } from "../../../../tests/peers/routeros";
import { DriverError } from "../../driver";
import { RosConnection, type RosConnectOptions } from "./connection";

/** The adapter's guards, each against the peer misbehaving the way docs/routeros-api-protocol.md §8 says real ones do. */
const PASSWORD = "Sup3r-s3cret-€";
let peer: RouterOsPeer | null = null;
const conns: RosConnection[] = [];
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);
beforeAll(() => {
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);
});
afterAll(() => {
  process.off("uncaughtException", onUncaught);
  process.off("unhandledRejection", onUncaught);
  expect(uncaught).toEqual([]);
});
afterEach(async () => {
  for (const c of conns.splice(0)) await c.close();
  await peer?.close();
  peer = null;
});

async function start(opts: RouterOsPeerOptions = {}) {
  peer = await startRouterOsPeer({ users: { admin: PASSWORD }, ...opts });
  return peer;
}

async function open(extra: Partial<RosConnectOptions> = {}): Promise<RosConnection> {
  const c = await RosConnection.open({
    host: "127.0.0.1",
    port: peer!.port,
    user: "admin",
    password: PASSWORD,
    connectTimeoutMs: 1500,
    commandTimeoutMs: 1500,
    ...extra,
  });
  conns.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<DriverError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DriverError);
  expect(String((e as Error).message)).not.toContain(PASSWORD);
  return e as DriverError;
}

describe("RosConnection", () => {
  it("a 7.18 `!empty` print resolves [] and the connection keeps working", async () => {
    await start({ version: "7.18.2 (stable)" });
    const c = await open();
    expect(await c.write(["/ip/firewall/filter/print"])).toEqual([]);
    await c.write(["/ip/firewall/filter/add", "=chain=input"]);
    expect(await c.write(["/ip/firewall/filter/print", "=.proplist=chain"])).toEqual([{ chain: "input" }]);
  });

  it("sets TCP_NODELAY: 200 sequential commands take far less than 200 × 40 ms", async () => {
    await start();
    const c = await open();
    const t0 = Date.now();
    for (let i = 0; i < 200; i++) await c.write(["/ip/firewall/filter/add", "=chain=input"]);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it.each(["fin", "rst"] as const)("%s during login settles as closed, quickly", async (how) => {
    await start({ faults: { closeAtLogin: how } });
    const t0 = Date.now();
    const e = await failure(open({ connectTimeoutMs: 5000 }));
    expect(e.kind).toBe("closed");
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("wrong password: auth, and the password appears nowhere", async () => {
    await start();
    const e = await failure(open({ password: "not-it" }));
    expect(e.kind).toBe("auth");
    expect(e.message).toBe(`authentication failed on 127.0.0.1:${peer!.port}`);
  });

  it("!fatal mid-session fails the pending command as closed", async () => {
    await start({ faults: { fatalAfterCommands: 1 } });
    const c = await open();
    await c.write(["/system/identity/print"]);
    const e = await failure(c.write(["/system/identity/print"]));
    expect(e.kind).toBe("closed");
    expect(c.alive).toBe(false);
  });

  it("a stalled command times out by its own deadline and fails everything pending with it", async () => {
    await start();
    const c = await open({ commandTimeoutMs: 300 });
    peer!.faults.stallAfterLogin = true;
    const [a, b] = await Promise.all([
      failure(c.write(["/system/identity/print"])),
      failure(c.write(["/system/resource/print"])),
    ]);
    expect(a.kind).toBe("timeout");
    expect(a.message).toMatch(/timed out after 0\.3 s/);
    expect(["timeout", "closed"]).toContain(b.kind);
  });

  it("the deadline is idle, not total: a table trickling in over a slow link is read however long it takes, and silence still times out", async () => {
    await start();
    const c = await open({ commandTimeoutMs: 400 });
    for (let i = 0; i < 12; i++)
      await c.write(["/ip/firewall/filter/add", "=chain=forward", "=action=accept", `=comment=row ${i}`]);
    peer!.faults.sentenceGapMs = 100; // 13 sentences, 1.3 s in all, never more than 0.1 s apart
    const started = Date.now();
    const rows = await c.write(["/ip/firewall/filter/print"]);
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect(rows).toHaveLength(12);
    peer!.faults.sentenceGapMs = 0;
    peer!.faults.stallAfterLogin = true;
    expect((await failure(c.write(["/system/identity/print"]))).kind).toBe("timeout");
  });

  it("reassembles replies the peer writes in tiny pieces", async () => {
    await start({ faults: { splitWrites: true }, seed: { foreign: true } });
    const c = await open();
    expect((await c.write(["/ip/firewall/filter/print"])).length).toBe(4);
  });

  it("a router trap rejects with router-error and the router's text; the session stays usable", async () => {
    await start();
    const c = await open();
    const e = await failure(c.write(["/ip/firewall/filter/remove", "=.id=*77"]));
    expect(e).toMatchObject({ kind: "router-error", routerMessage: "no such item (4)" });
    expect(await c.write(["/system/identity/print"])).toEqual([{ name: "rampart-test-router" }]);
  });
});

describe("RosConnection over API-SSL", () => {
  it("a wrong pinned fingerprint is a tls-mismatch and /login is never sent", async () => {
    await start({ tls: { mode: "cert" } });
    const e = await failure(
      open({ port: peer!.tlsPort!, tls: { mode: "fingerprint", fingerprint256: "00:".repeat(31) + "00" } }),
    );
    expect(e.kind).toBe("tls-mismatch");
    await new Promise((r) => setTimeout(r, 100));
    expect(peer!.state.loginAttempts).toBe(0);
  });

  it("the right pin connects and reports the certificate fingerprint", async () => {
    await start({ tls: { mode: "cert" } });
    const c = await open({
      port: peer!.tlsPort!,
      tls: { mode: "fingerprint", fingerprint256: peer!.fingerprint256!.toLowerCase() },
    });
    expect(c.certificateFingerprint).toBe(peer!.fingerprint256);
  });

  it("a self-signed router certificate fails system-CA verification", async () => {
    await start({ tls: { mode: "cert" } });
    const e = await failure(open({ port: peer!.tlsPort!, tls: { mode: "system-ca" } }));
    expect(e.kind).toBe("tls-mismatch");
    expect(peer!.state.loginAttempts).toBe(0);
  });

  it("an ADH-only router refuses a client that wants a certificate, and vice versa", async () => {
    await start({ tls: { mode: "adh" } });
    expect(
      (await failure(open({ port: peer!.tlsPort!, tls: { mode: "fingerprint", fingerprint256: "AA" } }))).kind,
    ).toBe("tls-mismatch");
    const c = await open({ port: peer!.tlsPort!, tls: { mode: "anonymous-dh" } });
    expect(c.certificateFingerprint).toBeUndefined();
    await peer!.close();
    await start({ tls: { mode: "cert" } });
    expect((await failure(open({ port: peer!.tlsPort!, tls: { mode: "anonymous-dh" } }))).kind).toBe("tls-mismatch");
  });
});
