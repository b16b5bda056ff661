// The contract of lib/routers/mikrotik/routeros-client (node-routeros behind one adapter), against the RouterOS
// test peer over real sockets. Each case is a behaviour the driver relies on; several exist only because of a
// patch in routeros-client/patches.ts or of its own command table (command-table.ts) and fail without it (named in
// the test).
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DriverError } from "@/lib/routers/driver";
import { RosConnection, type RosConnectOptions } from "@/lib/routers/mikrotik/routeros-client";
import { startRouterOsPeer, type RouterOsPeer, type RouterOsPeerOptions } from "../peers/routeros";

const PASSWORD = "Contract-pass-7319";
const root = path.resolve(import.meta.dirname, "../..");
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

async function start(opts: RouterOsPeerOptions = {}): Promise<RouterOsPeer> {
  peer = await startRouterOsPeer({ users: { admin: PASSWORD }, ...opts });
  return peer;
}

async function open(extra: Partial<RosConnectOptions> = {}): Promise<RosConnection> {
  const c = await RosConnection.open({
    host: "127.0.0.1",
    port: peer!.port,
    user: "admin",
    password: PASSWORD,
    connectTimeoutMs: 2000,
    commandTimeoutMs: 2000,
    ...extra,
  });
  conns.push(c);
  return c;
}

/** Runs a client script of this folder in its own process against the peer (argv: port password). */
async function runChild(script: string, env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    [
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      "--tsconfig",
      path.join(root, "tsconfig.json"),
      path.join(import.meta.dirname, script),
      String(peer!.port),
      PASSWORD,
    ],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString("latin1")));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("latin1")));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, stdout, stderr, exitedAt: Date.now() };
}

async function failure(p: Promise<unknown>): Promise<DriverError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DriverError);
  expect(JSON.stringify({ m: (e as DriverError).message, r: (e as DriverError).routerMessage })).not.toContain(
    PASSWORD,
  );
  return e as DriverError;
}

const addRule = (comment: string) => [
  "/ip/firewall/filter/add",
  "=chain=forward",
  "=action=accept",
  `=comment=${comment}`,
];

describe("routeros-client: login", () => {
  it("the right password logs in and the session answers", async () => {
    await start();
    const c = await open();
    expect(c.alive).toBe(true);
    expect(await c.write(["/system/identity/print"])).toEqual([{ name: "rampart-test-router" }]);
    expect(peer!.state.loginAttempts).toBe(1);
  });

  it("a wrong password is auth, names the router, and the password is in no text", async () => {
    await start();
    const e = await failure(open({ password: "wrong-" + PASSWORD }));
    expect(e.kind).toBe("auth");
    expect(e.message).toBe(`authentication failed on 127.0.0.1:${peer!.port}`);
    expect(e.message + (e.routerMessage ?? "")).not.toContain("wrong-");
  });

  it("a password outside ASCII (€) logs in", async () => {
    await start({ users: { admin: "Sup3r-s3cret-€" } });
    const c = await open({ password: "Sup3r-s3cret-€" });
    expect(await c.write(["/system/identity/print"])).toEqual([{ name: "rampart-test-router" }]);
  });

  it.each(["fin", "rst"] as const)("%s during login settles as closed, quickly", async (how) => {
    await start({ faults: { closeAtLogin: how } });
    const t0 = Date.now();
    const e = await failure(open({ connectTimeoutMs: 5000 }));
    expect(e.kind).toBe("closed");
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe("routeros-client: replies", () => {
  it("sets TCP_NODELAY: 200 sequential commands take far less than 200 × 40 ms", async () => {
    await start();
    const c = await open();
    const t0 = Date.now();
    for (let i = 0; i < 200; i++) await c.write(["/ip/firewall/filter/add", "=chain=input"]);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  // The command table skips `!empty`: the library threw on the unknown reply and the print failed as protocol.
  it("a 7.18 `!empty` print resolves [] and the session keeps working", async () => {
    await start({ version: "7.18.2 (stable)" });
    const c = await open();
    expect(await c.write(["/ip/firewall/filter/print"])).toEqual([]);
    expect(await c.write(["/ip/firewall/address-list/print"])).toEqual([]);
    await c.write(addRule("after empty"));
    expect(await c.write(["/ip/firewall/filter/print", "=.proplist=comment"])).toEqual([{ comment: "after empty" }]);
    expect(c.alive).toBe(true);
  });

  it("before 7.18 the same print (no `!empty`) resolves [] too", async () => {
    await start({ version: "7.17.2 (stable)" });
    const c = await open();
    expect(await c.write(["/ip/firewall/filter/print"])).toEqual([]);
  });

  it("a `!trap` is router-error naming the command it answered, among pipelined ones; the session stays up", async () => {
    await start();
    const c = await open();
    const [added, trapped, printed] = await Promise.allSettled([
      c.write(addRule("kept")),
      c.write(["/ip/firewall/filter/remove", "=.id=*77"]),
      c.write(["/system/identity/print"]),
    ]);
    expect(added.status).toBe("fulfilled");
    expect(printed).toEqual({ status: "fulfilled", value: [{ name: "rampart-test-router" }] });
    expect(trapped.status).toBe("rejected");
    const e = (trapped as PromiseRejectedResult).reason as DriverError;
    expect(e).toBeInstanceOf(DriverError);
    expect(e).toMatchObject({ kind: "router-error", routerMessage: "no such item (4)" });
    expect(e.message).toBe(`127.0.0.1:${peer!.port} refused /ip/firewall/filter/remove: no such item (4)`);
    expect(c.alive).toBe(true);
  });

  it("values keep every `=` and empty values stay empty (attribute parsing)", async () => {
    await start();
    const c = await open();
    await c.write(addRule("a=b==c="));
    await c.write(["/ip/firewall/filter/add", "=chain=input", "=comment="]);
    const rows = await c.write(["/ip/firewall/filter/print", "=.proplist=chain,comment"]);
    expect(rows).toEqual([
      { chain: "forward", comment: "a=b==c=" },
      { chain: "input", comment: "" },
    ]);
  });

  // Patch 3 (receiver) and the command table: a reply handed to the wrong command shows here.
  it("200 pipelined commands each get their own reply, also when the peer splits every write", async () => {
    await start({ faults: { splitWrites: true } });
    const c = await open();
    const ids = await Promise.all(Array.from({ length: 200 }, (_, i) => c.write(addRule(`row ${i}`))));
    const rets = ids.map((r) => r[0]?.ret);
    expect(new Set(rets).size).toBe(200);
    const prints = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        c.write(["/ip/firewall/filter/print", `?.id=${rets[i]}`, "=.proplist=comment"]),
      ),
    );
    expect(prints.map((p) => p[0]?.comment)).toEqual(Array.from({ length: 200 }, (_, i) => `row ${i}`));
  });

  it("a large print (3,000 rows, many TCP chunks) arrives whole and in table order", async () => {
    await start();
    const c = await open();
    await Promise.all(Array.from({ length: 3000 }, (_, i) => c.write(addRule(`bulk ${i} ${"x".repeat(40)}`))));
    const rows = await c.write(["/ip/firewall/filter/print", "=.proplist=comment"]);
    expect(rows).toHaveLength(3000);
    expect(rows[0]).toEqual({ comment: `bulk 0 ${"x".repeat(40)}` });
    expect(rows[2999]).toEqual({ comment: `bulk 2999 ${"x".repeat(40)}` });
    expect(rows.every((r, i) => r.comment === `bulk ${i} ${"x".repeat(40)}`)).toBe(true);
  });
});

describe("routeros-client: deadlines and the end of a connection", () => {
  // Patch 3 (receiver): every whole sentence restarts the idle deadline; without the hook it is a total
  // deadline and the slow table below times out.
  it("the deadline is idle, not total: a table trickling in for 3× the deadline is read whole", async () => {
    await start();
    const c = await open({ commandTimeoutMs: 400 });
    for (let i = 0; i < 12; i++) await c.write(addRule(`slow ${i}`));
    peer!.faults.sentenceGapMs = 100; // 13 sentences over ~1.3 s, never more than 0.1 s apart
    const t0 = Date.now();
    const rows = await c.write(["/ip/firewall/filter/print"]);
    expect(Date.now() - t0).toBeGreaterThan(1200);
    expect(rows).toHaveLength(12);
  });

  it("a lost reply hits the idle deadline (not the library's 30 s session timer), names the command, and ends the session", async () => {
    await start();
    const c = await open({ commandTimeoutMs: 400 });
    peer!.faults.stallAfterLogin = true;
    const t0 = Date.now();
    const e = await failure(c.write(["/system/resource/print"]));
    const took = Date.now() - t0;
    expect(e.kind).toBe("timeout");
    expect(e.message).toBe("/system/resource/print timed out after 0.4 s");
    expect(took).toBeGreaterThanOrEqual(390);
    expect(took).toBeLessThan(2000);
    expect(c.alive).toBe(false);
    expect((await failure(c.write(["/system/identity/print"]))).kind).toBe("timeout");
  });

  it("a stalled command times out by its own deadline and fails everything pending with it", async () => {
    await start();
    const c = await open({ commandTimeoutMs: 300 });
    peer!.faults.stallAfterLogin = true;
    const [a, b] = await Promise.all([
      failure(c.write(["/system/identity/print"])),
      failure(c.write(["/system/resource/print"])),
    ]);
    // The router answers in order: the first command sent is the one it owes, and the end of the session it
    // stalled fails the other with it.
    expect(a).toMatchObject({ kind: "timeout", message: "/system/identity/print timed out after 0.3 s" });
    expect(b).toMatchObject({ kind: "timeout", message: `127.0.0.1:${peer!.port} stopped answering` });
  });

  it("a command sent after a quiet spell gets its whole deadline, counted from when it left", async () => {
    await start();
    const c = await open({ commandTimeoutMs: 400 });
    await c.write(["/system/identity/print"]);
    await new Promise((r) => setTimeout(r, 300));
    peer!.faults.stallAfterLogin = true;
    const t0 = Date.now();
    const e = await failure(c.write(["/system/resource/print"]));
    expect(e.message).toBe("/system/resource/print timed out after 0.4 s");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
  });

  it("deadlines are on the wire: a process busy past them still reads the login and the reply that arrived", async () => {
    // Node runs expired timers before it reads ready sockets: without the check after pending I/O, both waits
    // below end as timeouts though the router answered in a millisecond (false "down" in a loaded sweep).
    await start();
    const { code, stdout, stderr } = await runChild("routeros-client-busy-child.ts");
    expect(code, stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(stdout.trim())).toEqual({ login: "answered", command: "answered" });
  }, 60_000);

  it("`!fatal` ends the connection: the pending command fails as closed, later ones at once", async () => {
    await start({ faults: { fatalAfterCommands: 1 } });
    const c = await open();
    await c.write(["/system/identity/print"]);
    const e = await failure(c.write(["/system/identity/print"]));
    expect(e.kind).toBe("closed");
    expect(c.alive).toBe(false);
    const t0 = Date.now();
    expect((await failure(c.write(["/system/identity/print"]))).kind).toBe("closed");
    expect(Date.now() - t0).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, 50));
    expect(peer!.connectionCount()).toBe(0);
  });

  // Patch 1 (debug namespace) guards the password against the transmitter's word log; patch 2 (whole-sentence
  // writes) keeps /login out of the transmitter altogether. The child also ends by itself, which it could not
  // for ~15 s if the library's `#` hold timer were left armed on the dead connection (library-internals.ts).
  it("with DEBUG=* the library logs, the password appears nowhere, and a dead connection leaves no timer behind", async () => {
    await start({ faults: { stallAfterLogin: true } });
    const { code, stdout, stderr, exitedAt } = await runChild("routeros-client-debug-child.ts", {
      DEBUG: "*",
      DEBUG_COLORS: "0",
    });
    expect(code, stderr.slice(-2000)).toBe(0);
    const result = JSON.parse(stdout.trim()) as { loggedIn: boolean; outcome: string; alive: boolean; doneAt: number };
    expect(result).toMatchObject({ loggedIn: true, outcome: "timeout", alive: false });
    expect(exitedAt - result.doneAt).toBeLessThan(5000);
    expect(stderr).toContain("routeros-api:");
    expect(stderr).toContain("Sending 6.43+ login");
    expect(stderr + stdout).not.toContain(PASSWORD);
  }, 60_000);
});

describe("routeros-client: API-SSL (8729)", () => {
  it("a pinned certificate connects, logs in and answers over TLS", async () => {
    await start({ tls: { mode: "cert" } });
    const c = await open({ port: peer!.tlsPort!, tls: { mode: "fingerprint", fingerprint256: peer!.fingerprint256! } });
    expect(c.certificateFingerprint).toBe(peer!.fingerprint256);
    expect(await c.write(["/ip/firewall/filter/print"])).toEqual([]);
    expect(await c.write(["/system/identity/print"])).toEqual([{ name: "rampart-test-router" }]);
  });

  it("the router's certificate as CA verifies; a wrong pin is tls-mismatch before /login is sent", async () => {
    await start({ tls: { mode: "cert" } });
    // The peer's self-signed certificate names 127.0.0.1 (SAN), so trusting it as the CA verifies.
    const ok = await open({ port: peer!.tlsPort!, tls: { mode: "ca", caPem: peer!.certPem! } });
    expect(await ok.write(["/system/identity/print"])).toEqual([{ name: "rampart-test-router" }]);
    const attempts = peer!.state.loginAttempts;
    const e = await failure(
      open({ port: peer!.tlsPort!, tls: { mode: "fingerprint", fingerprint256: "AB:".repeat(31) + "AB" } }),
    );
    expect(e.kind).toBe("tls-mismatch");
    await new Promise((r) => setTimeout(r, 100));
    expect(peer!.state.loginAttempts).toBe(attempts);
  });

  it("the pin is compared case-insensitively and the certificate's fingerprint is reported", async () => {
    await start({ tls: { mode: "cert" } });
    const c = await open({
      port: peer!.tlsPort!,
      tls: { mode: "fingerprint", fingerprint256: peer!.fingerprint256!.toLowerCase() },
    });
    expect(c.certificateFingerprint).toBe(peer!.fingerprint256);
  });

  it("a self-signed router certificate fails system-CA verification before /login is sent", async () => {
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

  it("anonymous DH when asked for explicitly", async () => {
    await start({ tls: { mode: "adh" } });
    const c = await open({ port: peer!.tlsPort!, tls: { mode: "anonymous-dh" } });
    expect(c.certificateFingerprint).toBeUndefined();
    expect(await c.write(["/system/identity/print"])).toEqual([{ name: "rampart-test-router" }]);
  });
});
