/**
 * Hosts many RouterOS peers, each behind its own delaying proxy, in a process of its own, so simulating a fleet
 * does not eat the CPU of the process being measured (2 cores: one for Rampart, one for the routers).
 * Each router is its own listening socket and its own PeerState. Talks over the IPC channel.
 */
import { startRouterOsPeer, type RouterOsPeer } from "@/tests/peers/routeros";
import { startDelayProxy, type DelayProxy } from "../delay-proxy";
import { PEER_PASSWORD, PEER_USER } from "../support/routeros-target";

export type PeerHostRequest =
  { type: "start"; count: number; oneWayDelayMs: number } | { type: "rows" } | { type: "cpu" } | { type: "close" };
export type PeerHostReply =
  | { type: "started"; ports: number[] }
  | { type: "rows"; rows: number[] }
  | { type: "cpu"; ms: number }
  | { type: "closed" }
  | { type: "failed"; message: string };

const peers: RouterOsPeer[] = [];
const proxies: DelayProxy[] = [];

function reply(m: PeerHostReply): Promise<void> {
  return new Promise((resolve) => process.send!(m, () => resolve()));
}

async function handle(m: PeerHostRequest): Promise<void> {
  if (m.type === "start") {
    for (let i = 0; i < m.count; i++) {
      const peer = await startRouterOsPeer({ users: { [PEER_USER]: PEER_PASSWORD }, identity: `fleet-${i}` });
      peers.push(peer);
      proxies.push(await startDelayProxy({ targetPort: peer.port, oneWayDelayMs: m.oneWayDelayMs }));
    }
    await reply({ type: "started", ports: proxies.map((p) => p.port) });
  } else if (m.type === "rows") {
    await reply({ type: "rows", rows: peers.map((p) => p.rows("ip/firewall/filter").length) });
  } else if (m.type === "cpu") {
    const { user, system } = process.cpuUsage();
    await reply({ type: "cpu", ms: (user + system) / 1000 });
  } else {
    await Promise.all(proxies.map((p) => p.close()));
    for (let i = 0; i < peers.length; i += 50) await Promise.all(peers.slice(i, i + 50).map((p) => p.close()));
    await reply({ type: "closed" });
    process.exit(0);
  }
}

process.on("message", (m: PeerHostRequest) => {
  handle(m).catch(
    (e: unknown) =>
      void reply({ type: "failed", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }).then(() =>
        process.exit(1),
      ),
  );
});
