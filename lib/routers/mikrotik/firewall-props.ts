import { parseAddressSpec } from "@/lib/rules/address";
import { formatAddress } from "@/lib/rules/address-format";
import { MATCHER_PROPS, normaliseMatcherValue } from "./compile-matchers";

/**
 * RouterOS firewall property knowledge shared by compile, plan and the revert script (docs/routeros-api-protocol.md §6, §10):
 * which table a family lives in, the order properties are written in, what is read-only, what a router prints
 * when a property is at its default, and how two spellings of one value compare.
 */
export type RosFamily = "ipv4" | "ipv6";
export type TableKind = "filter" | "address-list-entry" | "nat";

/** Tables of ordered rules keyed by their rule id (filter, nat), as against the address-list set. */
export function isRuleTable(kind: TableKind): kind is "filter" | "nat" {
  return kind !== "address-list-entry";
}

export function menuPath(kind: TableKind, family: RosFamily): string {
  const root = family === "ipv4" ? "/ip" : "/ipv6";
  if (kind === "nat") return `${root}/firewall/nat`;
  return kind === "filter" ? `${root}/firewall/filter` : `${root}/firewall/address-list`;
}

/** Short name for labels: "ip" / "ipv6", as the menus are called. */
export function familyWord(family: RosFamily): string {
  return family === "ipv4" ? "ip" : "ipv6";
}

/** Write order of filter properties (a fixed order keeps wire words and golden files stable). */
export const FILTER_WRITE_ORDER = [
  "chain",
  "action",
  "reject-with",
  "protocol",
  "src-address",
  "src-address-list",
  "dst-address",
  "dst-address-list",
  "src-port",
  "dst-port",
  "in-interface",
  "out-interface",
  "connection-state",
  ...MATCHER_PROPS,
  "log",
  "log-prefix",
  "disabled",
  "comment",
];
export const LIST_WRITE_ORDER = ["list", "address", "disabled", "comment"];
/** Write order of NAT properties (compile-nat.ts). */
export const NAT_WRITE_ORDER = [
  "chain",
  "action",
  "protocol",
  "src-address",
  "src-address-list",
  "dst-address",
  "dst-address-list",
  "dst-port",
  "in-interface",
  "out-interface",
  "to-addresses",
  "to-ports",
  "log",
  "log-prefix",
  "disabled",
  "comment",
];

/**
 * Never compared, never written back: ids, counters, flags the router computes (docs/routeros-api-protocol.md §6 read-only), and `timeout`
 * (a count-down; entries with one are dynamic anyway).
 */
const READ_ONLY = new Set(["bytes", "packets", "invalid", "dynamic", "creation-time", "timeout"]);

export function isReadOnly(prop: string): boolean {
  return prop.startsWith(".") || READ_ONLY.has(prop);
}

/**
 * Properties a router always prints on filter rows even when nobody set them (docs/routeros-api-protocol.md §10). Absent on one side and at
 * the default on the other is the same rule; every other property compares present/absent exactly.
 */
const FILTER_DEFAULTS: Record<string, string> = { action: "accept", log: "false", "log-prefix": "", disabled: "false" };
const LIST_DEFAULTS: Record<string, string> = { disabled: "false" };

export function propDefault(kind: TableKind, prop: string): string | undefined {
  // NAT rows print the same defaults as filter rows.
  return (kind === "address-list-entry" ? LIST_DEFAULTS : FILTER_DEFAULTS)[prop];
}

const BOOLEAN_PROPS = new Set(["log", "disabled"]);
export function isBooleanProp(prop: string): boolean {
  return BOOLEAN_PROPS.has(prop);
}

/** Names a router prints for protocol numbers (and the reverse), so "6" and "tcp" are one value. */
const PROTOCOL_NUMBERS: Record<string, string> = {
  icmp: "1",
  igmp: "2",
  ggp: "3",
  "ip-encap": "4",
  st: "5",
  tcp: "6",
  egp: "8",
  pup: "12",
  udp: "17",
  hmp: "20",
  "xns-idp": "22",
  rdp: "27",
  "iso-tp4": "29",
  dccp: "33",
  xtp: "36",
  ddp: "37",
  "idpr-cmtp": "38",
  rsvp: "46",
  gre: "47",
  esp: "50",
  ah: "51",
  icmpv6: "58",
  "ipv6-icmp": "58",
  rspf: "73",
  vmtp: "81",
  ospf: "89",
  ipip: "94",
  encap: "98",
  pim: "103",
  vrrp: "112",
  l2tp: "115",
  sctp: "132",
  "udp-lite": "136",
  "ipsec-esp": "50",
  "ipsec-ah": "51",
};

/** The protocol number a router's protocol name stands for (undefined for an unknown name). */
export function protocolNumber(name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  const n = PROTOCOL_NUMBERS[name];
  return n === undefined ? undefined : Number(n);
}

const ADDRESS_PROPS = new Set(["src-address", "dst-address", "address"]);

/** One spelling per value: the form compared on both sides of a plan. */
export function normaliseValue(prop: string, value: string): string {
  const matcher = normaliseMatcherValue(prop, value);
  if (matcher !== null) return matcher;
  if (BOOLEAN_PROPS.has(prop))
    return value === "yes" || value === "true" ? "true" : value === "no" || value === "false" ? "false" : value;
  if (prop === "protocol") {
    const neg = value.startsWith("!") ? "!" : "";
    const body = value.slice(neg.length);
    return neg + (PROTOCOL_NUMBERS[body] ?? body);
  }
  if (prop === "connection-state") {
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .sort()
      .join(",");
  }
  if (prop === "src-port" || prop === "dst-port" || prop === "port") return value.replace(/\s+/g, "");
  if (ADDRESS_PROPS.has(prop)) {
    const neg = value.startsWith("!") ? "!" : "";
    return neg + (canonicalAddress(value.slice(neg.length)) ?? value.slice(neg.length));
  }
  return value;
}

/**
 * The spelling a router prints for an address: hosts without /32 (/128), IPv6 lowercase RFC 5952. Both sides of
 * a comparison go through this, so `10.0.0.1/32` pushed and `10.0.0.1` read back are not drift. Null when not an
 * address (a DNS name in a foreign entry, for instance).
 */
export function canonicalAddress(text: string): string | null {
  const spec = parseAddressSpec(text);
  if (!spec.ok) return null;
  const from = formatAddress(spec.family, spec.from);
  if (spec.kind === "range") return `${from}-${formatAddress(spec.family, spec.to)}`;
  if (spec.from === spec.to) return from;
  const bits = spec.family === "ipv4" ? 32 : 128;
  const size = spec.to - spec.from + 1n;
  return `${from}/${bits - (size.toString(2).length - 1)}`;
}

/**
 * IPv6 firewall addresses take prefixes only (a range is not an IPv6 `src-address` on RouterOS), so a range is
 * written as the fewest prefixes that cover exactly the same addresses.
 */
export function rangeToPrefixes(family: RosFamily, from: bigint, to: bigint): string[] {
  const bits = family === "ipv4" ? 32 : 128;
  const out: string[] = [];
  let cur = from;
  while (cur <= to) {
    let size = 0;
    // Largest aligned block starting at `cur` that does not pass `to`.
    while (size < bits && (cur & ((1n << BigInt(size + 1)) - 1n)) === 0n && cur + (1n << BigInt(size + 1)) - 1n <= to)
      size++;
    const addr = formatAddress(family, cur);
    out.push(size === 0 ? addr : `${addr}/${bits - size}`);
    cur += 1n << BigInt(size);
  }
  return out;
}
