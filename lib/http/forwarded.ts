import type { IncomingHttpHeaders } from "node:http";
import { BlockList, isIP } from "node:net";

/**
 * Which X-Forwarded-* headers to believe. A client can send any header it likes, so they count only when the
 * TCP peer is a proxy the operator named in RAMPART_TRUSTED_PROXIES; otherwise the socket address is the client.
 * Without this a attacker rotates X-Forwarded-For to dodge the per-address login limit and to write any address
 * into the audit log.
 *
 * The app reads the result from CLIENT_ADDRESS_HEADER only, which the server always overwrites, so a request
 * that did not pass through scripts/serve.ts has no client address rather than a forged one.
 */
export const CLIENT_ADDRESS_HEADER = "x-rampart-client-address";

export interface TrustedProxies {
  trusts(address: string): boolean;
  /** For the start-up line: what was configured. */
  summary: string;
}

const LOOPBACK = ["127.0.0.0/8", "::1/128"];

/**
 * RAMPART_TRUSTED_PROXIES: comma-separated addresses or CIDR prefixes, or `loopback`. Unset or empty: no proxy
 * is trusted. A bad entry throws with the entry in the message, so a typo stops the start instead of silently
 * trusting nothing (or everything).
 */
export function parseTrustedProxies(spec: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (spec ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const expanded = entries.flatMap((e) => (e === "loopback" ? LOOPBACK : [e]));
  for (const entry of expanded) {
    const [addr, bits, extra] = entry.split("/");
    const family = isIP(addr);
    if (!family || extra !== undefined)
      throw new Error(`RAMPART_TRUSTED_PROXIES: '${entry}' is not an address, a prefix or 'loopback'`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) {
      list.addAddress(addr, type);
      continue;
    }
    const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!(prefix >= 0 && prefix <= (family === 4 ? 32 : 128)))
      throw new Error(`RAMPART_TRUSTED_PROXIES: '${entry}' has a bad prefix length`);
    list.addSubnet(addr, prefix, type);
  }
  return {
    trusts: (address) => {
      const a = normalise(address);
      const family = a ? isIP(a) : 0;
      return family !== 0 && list.check(a!, family === 4 ? "ipv4" : "ipv6");
    },
    summary: entries.length ? entries.join(", ") : "none",
  };
}

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) -> `192.0.2.1`; `[2001:db8::1]` -> `2001:db8::1`. */
function normalise(address: string | undefined): string | null {
  if (!address) return null;
  let a = address.trim();
  if (a.startsWith("[") && a.endsWith("]")) a = a.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) a = mapped[1];
  return isIP(a) ? a : null;
}

function firstValue(v: string | string[] | undefined): string | null {
  const s = Array.isArray(v) ? v[0] : v;
  const first = s?.split(",")[0]?.trim();
  return first ? first : null;
}

export interface ForwardedView {
  /** The client as far as trusted hops can tell; null only without a socket address. */
  client: string | null;
  /** X-Forwarded-Proto / -Host as sent by a trusted proxy; null when the peer is not one. */
  proto: string | null;
  host: string | null;
}

/**
 * Walks X-Forwarded-For from the right: each hop added by a trusted proxy is believed, and the first address not
 * itself a trusted proxy is the client. A malformed hop ends the walk at the last trusted proxy.
 */
export function resolveForwarded(
  remoteAddress: string | undefined,
  headers: IncomingHttpHeaders,
  trusted: TrustedProxies,
): ForwardedView {
  const peer = normalise(remoteAddress);
  if (!peer || !trusted.trusts(peer)) return { client: peer, proto: null, host: null };
  const raw = headers["x-forwarded-for"];
  const hops = (Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  let client = peer;
  while (trusted.trusts(client) && hops.length > 0) {
    const next = normalise(hops.pop());
    if (!next) break;
    client = next;
  }
  const proto = firstValue(headers["x-forwarded-proto"])?.toLowerCase() ?? null;
  return {
    client,
    proto: proto === "https" || proto === "http" ? proto : null,
    host: firstValue(headers["x-forwarded-host"]),
  };
}

/**
 * Rewrites the request's forwarding headers before Next sees them: the resolved client in CLIENT_ADDRESS_HEADER
 * (and as the only X-Forwarded-For hop), X-Forwarded-Proto/-Host kept only from a trusted proxy (Next fills them
 * from the socket otherwise), X-Real-IP dropped.
 */
export function applyForwarded(
  req: { headers: IncomingHttpHeaders; socket: { remoteAddress?: string } },
  trusted: TrustedProxies,
): void {
  const view = resolveForwarded(req.socket.remoteAddress, req.headers, trusted);
  for (const h of [CLIENT_ADDRESS_HEADER, "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-real-ip"])
    delete req.headers[h];
  if (view.client) {
    req.headers[CLIENT_ADDRESS_HEADER] = view.client;
    req.headers["x-forwarded-for"] = view.client;
  }
  if (view.proto) req.headers["x-forwarded-proto"] = view.proto;
  if (view.host) req.headers["x-forwarded-host"] = view.host;
}

/** The client address the server resolved (see applyForwarded); null when the request did not pass through it. */
export function clientAddressOf(headers: { get(name: string): string | null }): string | null {
  return headers.get(CLIENT_ADDRESS_HEADER);
}
