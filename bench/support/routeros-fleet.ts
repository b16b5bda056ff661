import net from "node:net";
import { startRouterOsPeer, type RouterOsPeer } from "@/tests/peers/routeros";
import { PEER_PASSWORD, PEER_USER } from "./routeros-target";

export type FleetRouterKind = "ok" | "hanging" | "refusing";

export interface FleetRouter {
  name: string;
  port: number;
  kind: FleetRouterKind;
}

/** One accepted connection as the router saw it: from accept to close. */
export interface HeldConnection {
  port: number;
  acceptedAt: number;
  closedAt: number | null;
}

export interface RouterOsFleet {
  routers: FleetRouter[];
  peers: RouterOsPeer[];
  connections(): HeldConnection[];
  close(): Promise<void>;
}

/**
 * Many simulated RouterOS routers in this process, each its own listening socket and its own PeerState
 * (docs/rulings.md §10: scale tests). Hanging routers accept and read but never answer (the peer's `silent` fault);
 * refusing routers are ports with nothing listening, found by binding and releasing a free port.
 * Every accepted connection is timed from accept to close, so what a hanging router cost is measured at the router.
 */
export async function startRouterOsFleet(
  count: number,
  shares: { hanging: number; refusing: number },
): Promise<RouterOsFleet> {
  const hanging = Math.round(count * shares.hanging);
  const refusing = Math.round(count * shares.refusing);
  const held: HeldConnection[] = [];
  const peers: RouterOsPeer[] = [];
  const routers: FleetRouter[] = [];

  // The peer owns its server; wrap createServer for the duration of the start-up to see its accepts.
  const original = net.createServer;
  (net as { createServer: typeof net.createServer }).createServer = ((...args: Parameters<typeof net.createServer>) => {
    const server = original(...args);
    server.on("connection", (socket) => {
      const c: HeldConnection = {
        port: (server.address() as net.AddressInfo).port,
        acceptedAt: performance.now() + performance.timeOrigin,
        closedAt: null,
      };
      held.push(c);
      socket.once("close", () => (c.closedAt = performance.now() + performance.timeOrigin));
    });
    return server;
  }) as typeof net.createServer;
  try {
    for (let i = 0; i < count - refusing; i++) {
      const kind: FleetRouterKind = i < hanging ? "hanging" : "ok";
      const peer = await startRouterOsPeer({
        users: { [PEER_USER]: PEER_PASSWORD },
        identity: `bench-${i}`,
        faults: kind === "hanging" ? { silent: true } : {},
      });
      peers.push(peer);
      routers.push({ name: `bench-${String(i).padStart(4, "0")}-${kind}`, port: peer.port, kind });
    }
  } finally {
    (net as { createServer: typeof net.createServer }).createServer = original;
  }
  for (const port of await releasedPorts(refusing)) {
    routers.push({ name: `bench-${String(routers.length).padStart(4, "0")}-refusing`, port, kind: "refusing" });
  }
  // Interleave kinds the way a real inventory would (the sweep polls in database order).
  routers.sort((a, b) => (hash(a.name) < hash(b.name) ? -1 : 1));
  return {
    routers,
    peers,
    connections: () => held,
    async close() {
      for (let i = 0; i < peers.length; i += 100) await Promise.all(peers.slice(i, i + 100).map((p) => p.close()));
    },
  };
}

/** Ports that were free a moment ago and are closed now: connecting to them is refused. */
async function releasedPorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve) => {
          const s = net.createServer();
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
