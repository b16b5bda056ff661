/**
 * ICMP (IPv4) and ICMPv6 message types by name, for the editor, rule descriptions and vendor imports. A rule
 * stores numbers (type, optional code); names are how people read and type them. The names are the ones
 * OpenWrt's fw4 accepts in `icmp_type` (docs/openwrt-fw4-chains.md), which are also the usual RFC names.
 * `code: undefined` means every code of the type.
 */
export type IcmpName = { name: string; type: number; code?: number };

export const ICMP4_NAMES: readonly IcmpName[] = [
  { name: "echo-reply", type: 0 },
  { name: "destination-unreachable", type: 3 },
  { name: "network-unreachable", type: 3, code: 0 },
  { name: "host-unreachable", type: 3, code: 1 },
  { name: "protocol-unreachable", type: 3, code: 2 },
  { name: "port-unreachable", type: 3, code: 3 },
  { name: "fragmentation-needed", type: 3, code: 4 },
  { name: "source-route-failed", type: 3, code: 5 },
  { name: "network-unknown", type: 3, code: 6 },
  { name: "host-unknown", type: 3, code: 7 },
  { name: "network-prohibited", type: 3, code: 9 },
  { name: "host-prohibited", type: 3, code: 10 },
  { name: "TOS-network-unreachable", type: 3, code: 11 },
  { name: "TOS-host-unreachable", type: 3, code: 12 },
  { name: "communication-prohibited", type: 3, code: 13 },
  { name: "host-precedence-violation", type: 3, code: 14 },
  { name: "precedence-cutoff", type: 3, code: 15 },
  { name: "source-quench", type: 4 },
  { name: "redirect", type: 5 },
  { name: "network-redirect", type: 5, code: 0 },
  { name: "host-redirect", type: 5, code: 1 },
  { name: "TOS-network-redirect", type: 5, code: 2 },
  { name: "TOS-host-redirect", type: 5, code: 3 },
  { name: "echo-request", type: 8 },
  { name: "router-advertisement", type: 9 },
  { name: "router-solicitation", type: 10 },
  { name: "time-exceeded", type: 11 },
  { name: "ttl-zero-during-transit", type: 11, code: 0 },
  { name: "ttl-zero-during-reassembly", type: 11, code: 1 },
  { name: "parameter-problem", type: 12 },
  { name: "ip-header-bad", type: 12, code: 0 },
  { name: "required-option-missing", type: 12, code: 1 },
  { name: "timestamp-request", type: 13 },
  { name: "timestamp-reply", type: 14 },
  { name: "address-mask-request", type: 17 },
  { name: "address-mask-reply", type: 18 },
];

export const ICMP6_NAMES: readonly IcmpName[] = [
  { name: "destination-unreachable", type: 1 },
  { name: "no-route", type: 1, code: 0 },
  { name: "communication-prohibited", type: 1, code: 1 },
  { name: "address-unreachable", type: 1, code: 3 },
  { name: "port-unreachable", type: 1, code: 4 },
  { name: "packet-too-big", type: 2 },
  { name: "time-exceeded", type: 3 },
  { name: "ttl-zero-during-transit", type: 3, code: 0 },
  { name: "ttl-zero-during-reassembly", type: 3, code: 1 },
  { name: "parameter-problem", type: 4 },
  { name: "bad-header", type: 4, code: 0 },
  { name: "unknown-header-type", type: 4, code: 1 },
  { name: "unknown-option", type: 4, code: 2 },
  { name: "echo-request", type: 128 },
  { name: "echo-reply", type: 129 },
  { name: "router-solicitation", type: 133 },
  { name: "router-advertisement", type: 134 },
  { name: "neighbour-solicitation", type: 135 },
  { name: "neighbour-advertisement", type: 136 },
  { name: "redirect", type: 137 },
];

// Other spellings fw4 also takes for the same messages.
const ALIASES4: Record<string, string> = { ping: "echo-request", pong: "echo-reply" };
const ALIASES6: Record<string, string> = {
  ping: "echo-request",
  pong: "echo-reply",
  "neighbor-solicitation": "neighbour-solicitation",
  "neighbor-advertisement": "neighbour-advertisement",
};

export type IcmpVersion = "icmp" | "icmpv6";

function table(v: IcmpVersion): readonly IcmpName[] {
  return v === "icmp" ? ICMP4_NAMES : ICMP6_NAMES;
}

/** "echo-request", "130", "130/0" (also "130:0") -> type and code; null when neither a name nor numbers 0-255. */
export function parseIcmpType(text: string, v: IcmpVersion): { type: number; code?: number } | null {
  const t = text.trim();
  const m = /^(\d{1,3})(?:[/:](\d{1,3}))?$/.exec(t);
  if (m) {
    const type = Number(m[1]);
    const code = m[2] === undefined ? undefined : Number(m[2]);
    if (type > 255 || (code !== undefined && code > 255)) return null;
    return code === undefined ? { type } : { type, code };
  }
  const lower = t.toLowerCase();
  const name = (v === "icmp" ? ALIASES4 : ALIASES6)[lower] ?? lower;
  const hit = table(v).find((n) => n.name.toLowerCase() === name);
  if (!hit) return null;
  return hit.code === undefined ? { type: hit.type } : { type: hit.type, code: hit.code };
}

/** The name of a type/code when it has one, else "type" or "type/code". */
export function formatIcmpType(m: { type: number; code?: number }, v: IcmpVersion): string {
  const hit = table(v).find((n) => n.type === m.type && n.code === m.code);
  if (hit) return hit.name;
  return m.code === undefined ? String(m.type) : `${m.type}/${m.code}`;
}

/** Names offered in the editor for one protocol. */
export function icmpNames(v: IcmpVersion): readonly string[] {
  return table(v).map((n) => n.name);
}
