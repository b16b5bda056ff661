/**
 * The one interface every router vendor implements. Nothing outside lib/routers/<vendor>/ knows a vendor's
 * words; lib/push plans on top of these verbs. Expected failures come back as DriverError values with a kind
 * the UI can explain; their messages never contain a credential.
 */

export type Vendor = "mikrotik" | "openwrt";
export type Transport = "api" | "api-ssl" | "ssh";

export interface RouterTarget {
  vendor: Vendor;
  host: string;
  port: number;
  transport: Transport;
  username: string;
  /** Decrypted only in memory, for the life of one connection. */
  password?: string;
  privateKey?: string;
  /** API-SSL: PEM CA to verify against, or a pinned SHA-256 fingerprint ("AB:CD:..."), or explicit anonymous DH. */
  tls?: { caPem?: string; fingerprint256?: string; anonymousDh?: boolean };
  /** SSH: pinned host key fingerprint ("SHA256:base64"); undefined on first connect (then learned). */
  hostKeyFingerprint?: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

export type DriverErrorKind =
  | "refused"
  | "timeout"
  | "auth"
  | "tls-mismatch"
  | "host-key-mismatch"
  | "unreachable"
  | "protocol"
  | "router-error"
  | "closed";

export class DriverError extends Error {
  constructor(
    readonly kind: DriverErrorKind,
    message: string,
    /** The router's own error text when it sent one (RouterOS !trap message, uci stderr). */
    readonly routerMessage?: string,
    /** apply(): index of the op that failed (0-based), so the deployment log can point at it. */
    readonly opIndex?: number,
  ) {
    super(message);
    this.name = "DriverError";
  }
}

export interface RouterIdentity {
  /** The router's own name (RouterOS identity, OpenWrt hostname). */
  name?: string;
  version: string;
  model: string;
  uptimeSeconds: number | null;
  cpuLoadPercent: number | null;
  /** Learned on connect (SSH host key, TLS certificate), for pinning on first use. */
  fingerprint?: string;
}

/**
 * A firewall item as the router holds it, already translated to vendor-neutral fields where possible.
 * `raw` keeps the vendor's own key/value pairs so nothing is lost when Rampart cannot represent a field.
 */
export interface LiveFirewallItem {
  /** Router-side id (RouterOS ".id", OpenWrt section name). */
  ref: string;
  kind: "filter" | "address-list-entry";
  /** Address family of the table the item lives in; refs are only unique within (kind, family). */
  family?: "ipv4" | "ipv6";
  /** Rampart rule id when Rampart manages this item (from the comment tag / section name), else null. */
  managedId: string | null;
  /** Dynamic or built-in items must never be changed, moved or removed. */
  dynamic: boolean;
  raw: Record<string, string>;
}

export interface LiveFirewall {
  items: LiveFirewallItem[];
  /** Opaque fingerprint of the state read, so a push can refuse when the router changed since preview. */
  stateHash: string;
}

/** One vendor operation, serialisable: shown verbatim in the preview, stored in the deployment log. */
export interface VendorOp {
  /** Human label ("add rule r1a2b3 to input"), vendor words allowed. */
  label: string;
  /** Exactly what goes over the wire: API sentence words, or uci batch lines. */
  wire: string[];
}

export interface ApplyProgress {
  done: number;
  total: number;
}

export interface DriverSession {
  identify(): Promise<RouterIdentity>;
  readFirewall(): Promise<LiveFirewall>;
  /** Runs ops in order; stops at the first failure and rejects with a DriverError naming the op index. */
  apply(ops: VendorOp[], onProgress?: (p: ApplyProgress) => void): Promise<void>;
  close(): Promise<void>;
}

export interface Driver {
  vendor: Vendor;
  connect(target: RouterTarget): Promise<DriverSession>;
}
