/**
 * Try Rampart without owning a router: starts test peers on loopback and registers them as routers in the
 * dashboard's database (the same DATABASE_URL / data/rampart.db the server uses). Runs until Ctrl-C.
 *   npm run demo            (with `npm start` running in another terminal)
 * Starts: two RouterOS API peers (7.18 and 6.49), one API-SSL peer, an OpenWrt stand-in (real sshd; needs root and
 * openssh-server), and one router that drops every connection, to show what "down" looks like.
 */
import net from "node:net";
import type { Actor } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { serverEnv } from "@/lib/env";
import { createRouter } from "@/lib/inventory/routers";
import { routerInputSchema, type RouterInput } from "@/lib/inventory/router-schema";
import { startOpenWrtPeer } from "../tests/peers/openwrt/start-openwrt-peer";
import { startRouterOsPeer } from "../tests/peers/routeros";

const actor: Actor = { type: "cli", id: null, label: "demo script" };
const DEMO_PASSWORD = "demo-password";

/**
 * A port that stays ours while the demo runs and answers every connection with a reset: a merely free port
 * could be taken by another process, and the "dead" router would then come up as something else.
 */
async function deadRouterPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const s = net.createServer((sock) => sock.resetAndDestroy()).listen(0, "127.0.0.1");
  await new Promise((r) => s.once("listening", r));
  return { port: (s.address() as net.AddressInfo).port, close: () => new Promise((r) => s.close(() => r())) };
}

async function register(input: Record<string, unknown>) {
  const parsed: RouterInput = routerInputSchema.parse(input);
  const existing = await db.router.findUnique({ where: { name: parsed.name } });
  if (existing) await db.router.delete({ where: { id: existing.id } });
  const r = await createRouter(actor, parsed);
  console.log(
    `  ${parsed.name.padEnd(16)} ${parsed.vendor.padEnd(9)} ${parsed.host}:${parsed.port} ${r.ok ? "" : r.message}`,
  );
}

async function main() {
  const closers: (() => Promise<void>)[] = [];
  const users = { admin: DEMO_PASSWORD };
  const v7 = await startRouterOsPeer({
    users,
    identity: "demo-ros7",
    version: "7.18.2 (stable)",
    seed: { fasttrack: true, foreign: true },
  });
  const v6 = await startRouterOsPeer({
    users,
    identity: "demo-ros6",
    version: "6.49.19 (long-term)",
    seed: { foreign: true },
  });
  const tls = await startRouterOsPeer({ users, identity: "demo-ros-tls", tls: { mode: "cert" } });
  closers.push(
    () => v7.close(),
    () => v6.close(),
    () => tls.close(),
  );

  console.log("Registered demo routers (password for the RouterOS peers: demo-password):");
  await register({
    name: "demo-ros7",
    vendor: "mikrotik",
    host: "127.0.0.1",
    port: v7.port,
    transport: "api",
    username: "admin",
    password: DEMO_PASSWORD,
    site: "demo-hq",
    tags: ["demo"],
  });
  await register({
    name: "demo-ros6",
    vendor: "mikrotik",
    host: "127.0.0.1",
    port: v6.port,
    transport: "api",
    username: "admin",
    password: DEMO_PASSWORD,
    site: "demo-branch",
    tags: ["demo"],
  });
  await register({
    name: "demo-ros-tls",
    vendor: "mikrotik",
    host: "127.0.0.1",
    port: tls.tlsPort!,
    transport: "api-ssl",
    username: "admin",
    password: DEMO_PASSWORD,
    tlsMode: "fingerprint",
    tlsFingerprint: tls.fingerprint256,
    site: "demo-hq",
    tags: ["demo", "tls"],
  });
  if (process.getuid?.() === 0) {
    try {
      const owrt = await startOpenWrtPeer({ seed: "stock" });
      closers.push(() => owrt.close());
      await register({
        name: "demo-openwrt",
        vendor: "openwrt",
        host: owrt.host,
        port: owrt.port,
        transport: "ssh",
        username: owrt.username,
        password: owrt.password,
        site: "demo-branch",
        tags: ["demo"],
      });
    } catch (err) {
      console.log(`  (OpenWrt stand-in not started: ${err instanceof Error ? err.message : err})`);
    }
  } else {
    console.log("  (OpenWrt stand-in skipped: it runs a real sshd and needs root)");
  }
  const dead = await deadRouterPort();
  closers.push(dead.close);
  await register({
    name: "demo-dead",
    vendor: "mikrotik",
    host: "127.0.0.1",
    port: dead.port,
    transport: "api",
    username: "admin",
    password: DEMO_PASSWORD,
    site: "demo-branch",
    tags: ["demo"],
  });
  // The same PORT variable `npm start` listens on.
  console.log(`\nOpen http://localhost:${serverEnv().PORT}/health — press Ctrl-C to stop the peers.`);

  const stop = async () => {
    await Promise.allSettled(closers.map((c) => c()));
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
