import { isIP } from "node:net";
import { RouterTrap, TRAP } from "./trap";

/**
 * Value checks for the firewall menus (docs/routeros-api-protocol.md §6). A bad value traps the way a router does:
 * `input does not match any value of <prop>` (category 1). Returns the value as the router stores it.
 */
export type Family = "ip" | "ipv6";

const ACTIONS = [
  "accept",
  "drop",
  "reject",
  "jump",
  "return",
  "log",
  "passthrough",
  "tarpit",
  "fasttrack-connection",
  "add-src-to-address-list",
  "add-dst-to-address-list",
];
const REJECT_WITH = [
  "icmp-network-unreachable",
  "icmp-host-unreachable",
  "icmp-port-unreachable",
  "icmp-protocol-unreachable",
  "icmp-net-prohibited",
  "icmp-host-prohibited",
  "icmp-admin-prohibited",
  "tcp-reset",
  "icmp-no-route",
  "icmp-address-unreachable",
  "icmp-admin-prohibited",
  "icmp-not-neighbour",
];
const PROTOCOLS = [
  "tcp",
  "udp",
  "icmp",
  "icmpv6",
  "gre",
  "esp",
  "ah",
  "sctp",
  "udp-lite",
  "dccp",
  "ipv6-icmp",
  "igmp",
  "ospf",
  "ipsec-ah",
  "ipsec-esp",
];
const PORT_PROTOCOLS = ["tcp", "udp", "sctp", "udp-lite", "dccp", "6", "17"];
const CONN_STATES = ["established", "related", "new", "invalid", "untracked"];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]*$/;

export const bad = (prop: string) => new RouterTrap(TRAP.noMatch(prop), 1);

export function parseBool(prop: string, v: string): string {
  if (v === "true" || v === "yes") return "true";
  if (v === "false" || v === "no") return "false";
  throw bad(prop);
}

function checkAddress(prop: string, v: string, family: Family): string {
  const body = v.startsWith("!") ? v.slice(1) : v;
  const want = family === "ip" ? 4 : 6;
  const single = (a: string) => isIP(a) === want;
  let ok = false;
  if (body.includes("/")) {
    const [a, len] = body.split("/");
    ok = single(a) && /^\d+$/.test(len) && Number(len) <= (want === 4 ? 32 : 128);
  } else if (body.includes("-")) {
    const [a, b] = body.split("-");
    ok = single(a) && single(b);
  } else ok = single(body);
  if (!ok) throw bad(prop);
  return v;
}

function checkPorts(prop: string, v: string): string {
  for (const part of v.split(",")) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!m) throw bad(prop);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from > 65535 || to > 65535 || from > to) throw bad(prop);
  }
  return v;
}

function checkName(prop: string, v: string, negatable: boolean): string {
  const body = negatable && v.startsWith("!") ? v.slice(1) : v;
  if (!NAME.test(body)) throw bad(prop);
  return v;
}

function checkEnum(prop: string, v: string, allowed: string[]): string {
  if (!allowed.includes(v)) throw bad(prop);
  return v;
}

type Checker = (v: string, family: Family) => string;

/** `ttl` exists only in /ip and `hop-limit` only in /ipv6: the other table does not know the parameter. */
function checkHops(prop: string, v: string, inThisTable: boolean): string {
  if (!inThisTable) throw new RouterTrap(TRAP.unknownParameter(prop));
  if (!/^(equal|not-equal|less-than|greater-than):\d{1,3}$/.test(v) || Number(v.split(":")[1]) > 255) throw bad(prop);
  return v;
}

export const FILTER_PROPS: Record<string, Checker> = {
  chain: (v) => checkName("chain", v, false),
  action: (v) => checkEnum("action", v, ACTIONS),
  protocol: (v) => {
    const body = v.startsWith("!") ? v.slice(1) : v;
    if (/^\d+$/.test(body) ? Number(body) <= 255 : PROTOCOLS.includes(body)) return v;
    throw bad("protocol");
  },
  "src-address": (v, f) => checkAddress("src-address", v, f),
  "dst-address": (v, f) => checkAddress("dst-address", v, f),
  "src-port": (v) => checkPorts("src-port", v),
  "dst-port": (v) => checkPorts("dst-port", v),
  port: (v) => checkPorts("port", v),
  "src-address-list": (v) => checkName("src-address-list", v, true),
  "dst-address-list": (v) => checkName("dst-address-list", v, true),
  "in-interface": (v) => checkName("in-interface", v, true),
  "out-interface": (v) => checkName("out-interface", v, true),
  "in-interface-list": (v) => checkName("in-interface-list", v, true),
  "out-interface-list": (v) => checkName("out-interface-list", v, true),
  "connection-state": (v) => {
    for (const s of v.split(",")) checkEnum("connection-state", s.replace(/^!/, ""), CONN_STATES);
    return v;
  },
  // RouterOS 7 matchers (docs/routeros-facts.md "Matchers"): icmp-options type[:code[-code]], connection-nat-state
  // [!]srcnat|dstnat, ttl in /ip and hop-limit in /ipv6 as <comparison>:<0-255>, limit count[/time],burst[:mode]
  "icmp-options": (v) => {
    const m = /^(\d{1,3})(?:-(\d{1,3}))?(?::(\d{1,3})(?:-(\d{1,3}))?)?$/.exec(v);
    if (!m || m.slice(1).some((x) => x !== undefined && Number(x) > 255)) throw bad("icmp-options");
    return v;
  },
  "connection-nat-state": (v) => {
    for (const s of v.split(",")) checkEnum("connection-nat-state", s.replace(/^!/, ""), ["srcnat", "dstnat"]);
    return v;
  },
  ttl: (v, f) => checkHops("ttl", v, f === "ip"),
  "hop-limit": (v, f) => checkHops("hop-limit", v, f === "ipv6"),
  limit: (v) => {
    if (!/^\d+(\/\d*[smhd])?(,\d+)?(:(packet|bit))?$/.test(v)) throw bad("limit");
    return v;
  },
  "jump-target": (v) => checkName("jump-target", v, false),
  "reject-with": (v) => checkEnum("reject-with", v, REJECT_WITH),
  "address-list": (v) => checkName("address-list", v, false),
  "address-list-timeout": (v) => v,
  log: (v) => parseBool("log", v),
  "log-prefix": (v) => v,
  comment: (v) => v,
  disabled: (v) => parseBool("disabled", v),
  // Matchers a RouterOS 6/7 defconf uses that the model holds only as raw rules: `ipsec-policy=in,ipsec` and
  // `hw-offload` on a fasttrack rule. The router checks their values the same way (`input does not match any
  // value of ...`); `connection-nat-state` and `hop-limit` are checked above.
  "ipsec-policy": (v) => {
    if (!/^(in|out),(ipsec|none)$/.test(v)) throw bad("ipsec-policy");
    return v;
  },
  "hw-offload": (v) => parseBool("hw-offload", v),
};

export const ADDRESS_LIST_PROPS: Record<string, Checker> = {
  list: (v) => checkName("list", v, false),
  address: (v, f) => {
    // An entry may also be a DNS name (docs/routeros-api-protocol.md §6); anything with a letter and a dot that is not an IP is taken as one.
    if (/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(v) && isIP(v) === 0 && /[A-Za-z]/.test(v)) return v;
    return checkAddress("address", v, f);
  },
  timeout: (v) => {
    if (!/^(\d+[wdhms])+$|^\d{1,2}:\d{2}:\d{2}$/.test(v)) throw bad("timeout");
    return v;
  },
  comment: (v) => v,
  disabled: (v) => parseBool("disabled", v),
};

/**
 * /ip/firewall/nat (docs/nat.md): the actions a real router's NAT menu takes, and the translation targets.
 * `to-addresses` is one address or a range, `to-ports` one port or a range.
 */
const NAT_ACTIONS = [
  "accept",
  "dst-nat",
  "src-nat",
  "masquerade",
  "redirect",
  "netmap",
  "same",
  "endpoint-independent-nat",
  "jump",
  "return",
  "log",
  "passthrough",
  "add-src-to-address-list",
  "add-dst-to-address-list",
];
export const NAT_PROPS: Record<string, Checker> = {
  // The filter matchers, `ipsec-policy` and `out-interface-list` among them (the RouterOS 7 defconf masquerade
  // uses both), and `port` (either side's port, as in the filter); `hw-offload` belongs to fasttrack, a filter
  // action, so the NAT menu does not know it.
  ...Object.fromEntries(
    Object.entries(FILTER_PROPS).filter(([k]) => !["reject-with", "connection-state", "hw-offload"].includes(k)),
  ),
  action: (v) => checkEnum("action", v, NAT_ACTIONS),
  // action=same: whether the destination takes part in choosing the source address
  "same-not-by-dst": (v) => parseBool("same-not-by-dst", v),
  "randomise-ports": (v) => parseBool("randomise-ports", v),
  "to-addresses": (v) => checkAddress("to-addresses", v, "ip"),
  "to-ports": (v) => {
    if (v.includes(",")) throw bad("to-ports");
    return checkPorts("to-ports", v);
  },
};

/** As checkFilterRow; a real router also refuses `to-ports` without a port-carrying protocol. */
export function checkNatRow(row: Record<string, string>): void {
  checkFilterRow(row);
  if ("to-ports" in row && !PORT_PROTOCOLS.includes(row.protocol ?? "")) throw new RouterTrap(TRAP.portsNeedProtocol);
}

/** Ports need a port-carrying protocol; checked on the whole row after add/set/unset. */
export function checkFilterRow(row: Record<string, string>): void {
  const hasPorts = ["src-port", "dst-port", "port"].some((p) => p in row);
  if (hasPorts && !PORT_PROTOCOLS.includes(row.protocol ?? "")) throw new RouterTrap(TRAP.portsNeedProtocol);
  if (row.action === "jump" && !row["jump-target"]) throw new RouterTrap(TRAP.missing(["jump-target"]));
}
