import net from "node:net";
import tls from "node:tls";
import { ApiSession } from "./api-session";
import type { MenuContext } from "./menu-table";
import { defaultFaults, type PeerFaults } from "./peer-faults";
import { menuRows, newPeerState, type PeerState } from "./peer-state";
import type { Row } from "./query";
import { SchedulerEngine } from "./scheduler-engine";
import {
  DEFAULT_INTERFACE_LISTS,
  DEFAULT_INTERFACES,
  seedDefconf,
  seedDefconf6,
  seedDynamicAddressList,
  seedFasttrack,
  seedForeign,
  seedInterfaces,
  syncFasttrackDummy,
} from "./seed";
import { peerCertificate, peerDhParams } from "./tls-material";

/**
 * A RouterOS API peer over real TCP (and TLS), following docs/routeros-api-protocol.md byte for byte.
 * Start it from tests, or by hand: `npx tsx tests/peers/routeros/start.ts`.
 */
export interface RouterOsPeerOptions {
  host?: string;
  /** 0 (default) picks a free port; 8728 for a hand-run peer. */
  port?: number;
  /** API-SSL: "cert" = self-signed certificate, "adh" = no certificate, anonymous DH only (docs/routeros-api-protocol.md §1). */
  tls?: { mode: "cert" | "adh"; port?: number };
  /** As /system/resource prints it; default "7.18.2 (stable)". */
  version?: string;
  identity?: string;
  /** user -> password; default { admin: "admin" }. */
  users?: Record<string, string>;
  /** Pre-6.43 challenge login (docs/routeros-api-protocol.md §5). */
  legacyLogin?: boolean;
  seed?: {
    fasttrack?: boolean;
    foreign?: boolean;
    dynamicAddressList?: boolean;
    /** RouterOS 7 defconf filter rules (with the fasttrack dummy row) and IPv6 bad-address list; use without fasttrack/foreign. */ defconf?: boolean;
    /** RouterOS 6.4x default configuration firewall (start the peer with a 6.x version); use alone. */
    defconf6?: boolean;
  };
  faults?: Partial<PeerFaults>;
  /** /interface names rules may refer to; default DEFAULT_INTERFACES (seed.ts). */
  interfaces?: string[];
  /** /interface/list names besides the built-in all, none, dynamic, static; default LAN and WAN. */
  interfaceLists?: string[];
}

export interface RouterOsPeer {
  host: string;
  port: number;
  tlsPort?: number;
  /** Present in "cert" mode: PEM to trust and the SHA-256 fingerprint to pin. */
  certPem?: string;
  fingerprint256?: string;
  state: PeerState;
  faults: PeerFaults;
  /** Current rows of a menu ("ip/firewall/filter"), straight from the peer's tables. */
  rows(menu: string): Row[];
  /** Moves the peer's clock; due scheduler entries run right away. */
  advanceClock(ms: number): void;
  /**
   * Traffic through a filter row: a real router adds each packet the row matches to the row's `packets` and its
   * size to `bytes` (read-only props every filter row prints). The peer routes no packets, so tests say which
   * row matched how many packets of how many bytes in all.
   */
  countTraffic(menu: string, id: string, packets: number, bytes: number): void;
  /** A reboot as the counters see it: every filter row's `packets` and `bytes` start again at 0. */
  resetCounters(): void;
  /** Number of open client connections. */
  connectionCount(): number;
  close(): Promise<void>;
}

export async function startRouterOsPeer(opts: RouterOsPeerOptions = {}): Promise<RouterOsPeer> {
  const host = opts.host ?? "127.0.0.1";
  const state = newPeerState(
    opts.version ?? "7.18.2 (stable)",
    opts.identity ?? "rampart-test-router",
    opts.users ?? { admin: "admin" },
  );
  const faults: PeerFaults = { ...defaultFaults(), ...opts.faults };
  let scheduler: SchedulerEngine | null = null;
  const ctx: MenuContext = {
    state,
    changed: (menu) => {
      if (menu === "system/scheduler") scheduler?.rearm();
      if (menu === "ip/firewall/filter") syncFasttrackDummy(state);
    },
  };
  scheduler = new SchedulerEngine(ctx);
  seedInterfaces(state, opts.interfaces ?? DEFAULT_INTERFACES, opts.interfaceLists ?? DEFAULT_INTERFACE_LISTS);
  if (opts.seed?.fasttrack) seedFasttrack(state);
  if (opts.seed?.foreign) seedForeign(state);
  if (opts.seed?.dynamicAddressList) seedDynamicAddressList(state);
  if (opts.seed?.defconf) seedDefconf(state);
  if (opts.seed?.defconf6) seedDefconf6(state);

  const sockets = new Set<net.Socket>();
  const accept = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    new ApiSession(socket, { ctx, runner: scheduler!.runner, faults, legacyLogin: opts.legacyLogin ?? false });
  };

  const plain = net.createServer(accept);
  const servers: net.Server[] = [plain];
  await listen(plain, opts.port ?? 0, host);

  let tlsServer: tls.Server | undefined;
  let certPem: string | undefined;
  let fingerprint256: string | undefined;
  if (opts.tls) {
    if (opts.tls.mode === "cert") {
      const cert = await peerCertificate();
      certPem = cert.certPem;
      fingerprint256 = cert.fingerprint256;
      tlsServer = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, accept);
    } else {
      tlsServer = tls.createServer(
        { ciphers: "ADH-AES256-GCM-SHA384:@SECLEVEL=0", dhparam: await peerDhParams(), maxVersion: "TLSv1.2" },
        accept,
      );
    }
    // A failed handshake is the client's problem; the router just drops it.
    tlsServer.on("tlsClientError", () => {});
    servers.push(tlsServer);
    await listen(tlsServer, opts.tls.port ?? 0, host);
  }

  return {
    host,
    port: (plain.address() as net.AddressInfo).port,
    tlsPort: tlsServer ? (tlsServer.address() as net.AddressInfo).port : undefined,
    certPem,
    fingerprint256,
    state,
    faults,
    rows: (menu) => menuRows(state, menu),
    advanceClock(ms) {
      state.clockOffsetMs += ms;
      scheduler!.rearm();
    },
    countTraffic(menu, id, packets, bytes) {
      const row = menuRows(state, menu).find((r) => r[".id"] === id);
      if (!row || row.packets === undefined) throw new Error(`no filter row ${id} in ${menu}`);
      row.packets = String(Number(row.packets) + packets);
      row.bytes = String(Number(row.bytes) + bytes);
    },
    resetCounters() {
      for (const [menu, rows] of state.menus)
        if (menu.endsWith("firewall/filter")) for (const r of rows) Object.assign(r, { packets: "0", bytes: "0" });
    },
    connectionCount: () => sockets.size,
    async close() {
      scheduler!.stop();
      const closing = servers.map((s) => new Promise<void>((r) => s.close(() => r())));
      // Answer with FIN and wait for the client's; sockets that do not finish in time are destroyed.
      await Promise.all(
        [...sockets].map(
          (s) =>
            new Promise<void>((resolve) => {
              if (s.destroyed) return resolve();
              const t = setTimeout(() => s.destroy(), 1000);
              s.once("close", () => {
                clearTimeout(t);
                resolve();
              });
              s.end();
            }),
        ),
      );
      await Promise.all(closing);
    },
  };
}

function listen(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
