// SshConnection's connect failures over real sockets: it hands ssh2 a socket of its own (ssh2's public `sock`
// option) and must still map every way that socket fails. The login path and localAddress run against the
// OpenWrt peer in push.test.ts ("localAddress() is the address the router sees").
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DriverError, type RouterTarget } from "../driver";
import { SshConnection } from "./ssh-connection";

const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);
beforeAll(() => process.on("uncaughtException", onUncaught));
afterAll(() => {
  process.off("uncaughtException", onUncaught);
  expect(uncaught).toEqual([]);
});

let server: Server | null = null;
const accepted: Socket[] = [];
afterEach(async () => {
  for (const s of accepted.splice(0)) s.destroy();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

async function listen(onConnection: (s: Socket) => void): Promise<number> {
  server = createServer((s) => {
    accepted.push(s);
    onConnection(s);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  return (server!.address() as { port: number }).port;
}

const target = (port: number, extra: Partial<RouterTarget> = {}): RouterTarget => ({
  vendor: "openwrt",
  transport: "ssh",
  host: "127.0.0.1",
  port,
  username: "root",
  password: "pw-never-shown",
  connectTimeoutMs: 600,
  ...extra,
});

async function failure(p: Promise<unknown>): Promise<DriverError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DriverError);
  expect((e as Error).message).not.toContain("pw-never-shown");
  return e as DriverError;
}

describe("SshConnection.connect failures", () => {
  it("a closed port is refused, quickly", async () => {
    const port = await listen(() => {});
    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    const t0 = Date.now();
    const e = await failure(SshConnection.connect(target(port)));
    expect(e.kind).toBe("refused");
    expect(e.message).toBe(`127.0.0.1:${port} refused the connection`);
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it("a host that accepts TCP and never speaks SSH: timeout that says the connection was accepted", async () => {
    const port = await listen(() => {});
    const e = await failure(SshConnection.connect(target(port)));
    expect(e.kind).toBe("timeout");
    expect(e.message).toBe(`127.0.0.1:${port} accepted the connection but did not finish the SSH login within 0.6 s`);
  });

  it("a host that closes right after accepting: closed during login", async () => {
    const port = await listen((s) => s.end());
    const e = await failure(SshConnection.connect(target(port)));
    expect(["closed", "protocol"]).toContain(e.kind);
    expect(e.message).toContain(`127.0.0.1:${port}`);
  });

  it("a malformed private key is auth, and the socket it opened is closed, not left behind", async () => {
    const closed: Promise<void>[] = [];
    const port = await listen((s) => closed.push(new Promise((r) => s.once("close", () => r()))));
    const e = await failure(
      SshConnection.connect(target(port, { password: undefined, privateKey: "-----BEGIN NOT A KEY-----" })),
    );
    expect(e.kind).toBe("auth");
    await new Promise((r) => setTimeout(r, 100));
    // The socket may be torn down before or after the TCP handshake; any connection that reached the server ends.
    const ended = await Promise.race([
      Promise.all(closed).then(() => true),
      new Promise((r) => setTimeout(() => r(false), 1000)),
    ]);
    expect(ended).toBe(true);
  });
});
