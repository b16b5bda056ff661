/**
 * Part of the health-scale fleet in a process of its own: simulated RouterOS routers, each its own listening
 * socket and its own PeerState (decisions: scale tests), spread over several such processes so the routers do
 * not share one event loop with each other or with the poller. Talks over the IPC channel.
 * Every accepted connection is timed from accept to close, so a hanging router's cost is measured at the router.
 */
import net from "node:net";
import { startRouterOsPeer, type RouterOsPeer } from "@/tests/peers/routeros";
import { PEER_PASSWORD, PEER_USER } from "../support/routeros-target";

export type HostRouterKind = "ok" | "pushed" | "hanging";
export type FleetHostRequest =
  | { type: "start"; kinds: HostRouterKind[]; first: number }
  | { type: "menus"; port: number }
  | { type: "seed"; ports: number[]; menus: Record<string, Record<string, string>[]>; nextId: number }
  | { type: "connections" }
  | { type: "close" };
export type FleetHostReply =
  | { type: "started"; ports: number[] }
  | { type: "menus"; menus: Record<string, Record<string, string>[]>; nextId: number }
  | { type: "seeded"; rows: number }
  | { type: "connections"; held: { port: number; acceptedAt: number; closedAt: number | null }[] }
  | { type: "closed" }
  | { type: "failed"; message: string };

/** The tables a push writes and a drift check reads. */
const FIREWALL_MENUS = [
  "ip/firewall/filter",
  "ipv6/firewall/filter",
  "ip/firewall/address-list",
  "ipv6/firewall/address-list",
  "ip/firewall/nat",
];

const peers = new Map<number, RouterOsPeer>();
const held: { port: number; acceptedAt: number; closedAt: number | null }[] = [];

function reply(m: FleetHostReply): Promise<void> {
  return new Promise((resolve) => process.send!(m, () => resolve()));
}

async function start(kinds: HostRouterKind[], first: number): Promise<number[]> {
  const original = net.createServer;
  (net as { createServer: typeof net.createServer }).createServer = ((...args: Parameters<typeof net.createServer>) => {
    const server = original(...args);
    server.on("connection", (socket) => {
      const c = {
        port: (server.address() as net.AddressInfo).port,
        acceptedAt: performance.now() + performance.timeOrigin,
        closedAt: null as number | null,
      };
      held.push(c);
      socket.once("close", () => (c.closedAt = performance.now() + performance.timeOrigin));
    });
    return server;
  }) as typeof net.createServer;
  const ports: number[] = [];
  try {
    for (let i = 0; i < kinds.length; i++) {
      const peer = await startRouterOsPeer({
        users: { [PEER_USER]: PEER_PASSWORD },
        identity: `scale-${first + i}`,
        faults: kinds[i] === "hanging" ? { silent: true } : {},
      });
      peers.set(peer.port, peer);
      ports.push(peer.port);
    }
  } finally {
    (net as { createServer: typeof net.createServer }).createServer = original;
  }
  return ports;
}

async function handle(m: FleetHostRequest): Promise<void> {
  if (m.type === "start") {
    await reply({ type: "started", ports: await start(m.kinds, m.first) });
  } else if (m.type === "menus") {
    const p = peers.get(m.port)!;
    await reply({
      type: "menus",
      menus: Object.fromEntries(FIREWALL_MENUS.map((k) => [k, p.rows(k)])),
      nextId: p.state.nextId,
    });
  } else if (m.type === "seed") {
    // What a verified push of the template's revision leaves: the same rows, each router its own copy.
    let rows = 0;
    for (const port of m.ports) {
      const p = peers.get(port);
      if (!p) continue;
      for (const [menu, list] of Object.entries(m.menus)) {
        p.state.menus.set(menu, structuredClone(list));
        rows += list.length;
      }
      p.state.nextId = m.nextId;
    }
    await reply({ type: "seeded", rows });
  } else if (m.type === "connections") {
    await reply({ type: "connections", held });
  } else {
    const all = [...peers.values()];
    for (let i = 0; i < all.length; i += 200) await Promise.all(all.slice(i, i + 200).map((p) => p.close()));
    await reply({ type: "closed" });
    process.exit(0);
  }
}

process.on("message", (m: FleetHostRequest) => {
  handle(m).catch(
    (e: unknown) =>
      void reply({ type: "failed", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }).then(() =>
        process.exit(1),
      ),
  );
});
