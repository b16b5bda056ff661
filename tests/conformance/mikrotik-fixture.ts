import net from "node:net";
import { createMikrotikDriver, formatManagedComment } from "../../lib/routers/mikrotik";
import type { RouterTarget } from "../../lib/routers/driver";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import type { ConformanceFixture, ConformancePeer, PeerItem } from "./driver-conformance";

/** How the MikroTik driver meets the conformance suite: the RouterOS API peer, plain or API-SSL. */
export interface MikrotikVariant {
  version: string;
  transport: "api" | "api-ssl";
  tls?: "fingerprint" | "ca" | "anonymous-dh";
  legacyLogin?: boolean;
  pipelineWindow?: number;
}

const MENUS = [
  ["ip/firewall/filter", "filter"],
  ["ipv6/firewall/filter", "filter"],
  ["ip/firewall/address-list", "address-list-entry"],
  ["ipv6/firewall/address-list", "address-list-entry"],
] as const;

/** Read independently of the driver's parser, straight from the peer's rows. */
const TAG = /^rampart:([A-Za-z0-9_-]+|list:[A-Za-z0-9._-]+)(?: |$)/;

export function readPeerItems(peer: RouterOsPeer): PeerItem[] {
  return MENUS.flatMap(([menu, kind]) =>
    peer.rows(menu).map((row) => ({
      kind,
      managedId: TAG.exec(row.comment ?? "")?.[1] ?? null,
      dynamic: row.dynamic === "true",
      fields: { ...row },
    })),
  );
}

/**
 * node-routeros' challenge login writes the password as UTF-8 into a buffer sized for one byte per character
 * (docs/routeros-api-protocol.md §8.7), so a non-ASCII password can never log in to a pre-6.43 router: that variant uses ASCII.
 */
export function variantPassword(v: MikrotikVariant): string {
  return v.legacyLogin ? "s3cret-password" : "s3cret-pässword";
}

export function mikrotikTarget(peer: RouterOsPeer, v: MikrotikVariant): RouterTarget {
  const tls =
    v.tls === "fingerprint"
      ? { fingerprint256: peer.fingerprint256 }
      : v.tls === "ca"
        ? { caPem: peer.certPem }
        : v.tls === "anonymous-dh"
          ? { anonymousDh: true }
          : undefined;
  return {
    vendor: "mikrotik",
    host: peer.host,
    port: v.transport === "api-ssl" ? peer.tlsPort! : peer.port,
    transport: v.transport,
    username: "rampart",
    password: variantPassword(v),
    tls,
    connectTimeoutMs: 3000,
    commandTimeoutMs: 3000,
  };
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export function mikrotikFixture(v: MikrotikVariant): ConformanceFixture {
  return {
    driver: createMikrotikDriver({ pipelineWindow: v.pipelineWindow }),
    failedApplyLeaves: "earlier-ops",
    async start(opts): Promise<ConformancePeer> {
      const peer = await startRouterOsPeer({
        version: v.version,
        users: { rampart: variantPassword(v) },
        legacyLogin: v.legacyLogin,
        tls: v.transport === "api-ssl" ? { mode: v.tls === "anonymous-dh" ? "adh" : "cert" } : undefined,
        seed: { foreign: opts.foreign, fasttrack: opts.dynamic, dynamicAddressList: opts.dynamic },
      });
      return {
        target: mikrotikTarget(peer, v),
        version: v.version,
        readState: () => readPeerItems(peer),
        faults: {
          silent: () => void (peer.faults.silent = true),
          hangAfterLogin: () => void (peer.faults.stallAfterLogin = true),
          // Sentence 1 is the login's !done (2 with a legacy challenge); the next one is the first !re.
          closeMidReply: () => void (peer.faults.dropAfterSentences = (v.legacyLogin ? 2 : 1) + 1),
          dropAfterCommands: (n) => void (peer.faults.dropAfterSentences = (v.legacyLogin ? 2 : 1) + n),
        },
        close: () => peer.close(),
      };
    },
    async refusedTarget() {
      return {
        vendor: "mikrotik",
        host: "127.0.0.1",
        port: await freePort(),
        transport: v.transport,
        username: "rampart",
        password: "x",
        connectTimeoutMs: 3000,
      };
    },
    ops: {
      addRule: (ruleId, comment) => [
        {
          label: `add rule ${ruleId} to input`,
          wire: [
            "/ip/firewall/filter/add",
            "=chain=input",
            "=action=accept",
            "=protocol=tcp",
            "=dst-port=22",
            `=comment=${formatManagedComment(ruleId, comment)}`,
          ],
        },
      ],
      changeRule: (ruleId, live) => {
        const ref = live.items.find((i) => i.managedId === ruleId && i.kind === "filter" && i.family === "ipv4")!.ref;
        return {
          ops: [
            {
              label: `set rule ${ruleId} action=drop`,
              wire: ["/ip/firewall/filter/set", `=.id=${ref}`, "=action=drop"],
            },
          ],
          isChanged: (item) => item.fields.action === "drop",
        };
      },
      removeRule: (ruleId, live) => {
        const ref = live.items.find((i) => i.managedId === ruleId && i.kind === "filter" && i.family === "ipv4")!.ref;
        return [{ label: `remove rule ${ruleId}`, wire: ["/ip/firewall/filter/remove", `=.id=${ref}`] }];
      },
      refusedOp: () => ({ label: "remove a rule that is gone", wire: ["/ip/firewall/filter/remove", "=.id=*FFFF"] }),
    },
  };
}
