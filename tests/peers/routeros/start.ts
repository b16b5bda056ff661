import { startRouterOsPeer } from "./peer";

/**
 * By hand: `npx tsx tests/peers/routeros/start.ts [--port 8728] [--tls-port 8729] [--adh] [--version 7.18.2]
 * [--user admin --password admin] [--seed]`. Prints where it listens; Ctrl+C stops it.
 */
const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const flag = (name: string) => argv.includes(`--${name}`);

async function main(): Promise<void> {
  const peer = await startRouterOsPeer({
    port: Number(arg("port") ?? 8728),
    tls: arg("tls-port") ? { mode: flag("adh") ? "adh" : "cert", port: Number(arg("tls-port")) } : undefined,
    version: arg("version") ? `${arg("version")} (stable)` : undefined,
    users: { [arg("user") ?? "admin"]: arg("password") ?? "admin" },
    seed: flag("seed") ? { fasttrack: true, foreign: true, dynamicAddressList: true } : undefined,
  });
  console.log(`RouterOS API peer on ${peer.host}:${peer.port}` + (peer.tlsPort ? `, API-SSL on ${peer.tlsPort}` : ""));
  if (peer.fingerprint256) console.log(`certificate SHA-256 ${peer.fingerprint256}`);
  process.on("SIGINT", () => void peer.close().then(() => process.exit(0)));
}

void main();
