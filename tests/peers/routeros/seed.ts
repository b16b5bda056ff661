import { allocateId, menuRows, type PeerState } from "./peer-state";
import { MENU_SPECS, printOrder } from "./menu-specs";

/**
 * Starting tables: the built-in fasttrack dummy rule (docs/routeros-api-protocol.md §6) and foreign (non-Rampart) static
 * items shaped like a default configuration.
 */
export const FASTTRACK_DUMMY_COMMENT = "special dummy rule to show fasttrack counters";

function push(
  state: PeerState,
  menu: string,
  props: Record<string, string>,
  flags: { builtin?: boolean; dynamic?: boolean; id?: string } = {},
): string {
  const spec = MENU_SPECS[menu];
  const id = flags.id ?? allocateId(state);
  const row = printOrder(spec, {
    ".id": id,
    ...spec.defaults(Date.now()),
    ...props,
    ...(flags.dynamic ? { dynamic: "true" } : {}),
  });
  menuRows(state, menu).push(row);
  if (flags.builtin) state.builtinIds.add(id);
  return id;
}

/** The dynamic dummy row RouterOS shows at the very top of the filter table while a fasttrack rule exists. */
function pushFasttrackDummy(state: PeerState): void {
  const rows = menuRows(state, "ip/firewall/filter");
  push(
    state,
    "ip/firewall/filter",
    { chain: "forward", action: "passthrough", comment: FASTTRACK_DUMMY_COMMENT },
    { builtin: true, dynamic: true },
  );
  rows.unshift(rows.pop()!);
}

/** defconf rows that both the foreign seed and the whole defconf hold (input rows serve /ip and /ipv6 alike). */
const DEFCONF_ACCEPT_ESTABLISHED = {
  chain: "input",
  action: "accept",
  "connection-state": "established,related,untracked",
  comment: "defconf: accept established,related,untracked",
};
const DEFCONF_DROP_INVALID = {
  chain: "input",
  action: "drop",
  "connection-state": "invalid",
  comment: "defconf: drop invalid",
};
const DEFCONF_ACCEPT_ICMP = { chain: "input", action: "accept", protocol: "icmp", comment: "defconf: accept ICMP" };
const DEFCONF_DROP_NOT_FROM_LAN = {
  chain: "input",
  action: "drop",
  "in-interface-list": "!LAN",
  comment: "defconf: drop all not coming from LAN",
};
const DEFCONF_FASTTRACK = {
  chain: "forward",
  action: "fasttrack-connection",
  "connection-state": "established,related",
  "hw-offload": "true",
  comment: "defconf: fasttrack",
};

/** Dynamic dummy at row 0 plus the static fasttrack rule that makes a router show it. */
export function seedFasttrack(state: PeerState): void {
  pushFasttrackDummy(state);
  push(state, "ip/firewall/filter", DEFCONF_FASTTRACK);
}

export function seedForeign(state: PeerState): void {
  const f = "ip/firewall/filter";
  push(state, f, DEFCONF_ACCEPT_ESTABLISHED);
  push(state, f, DEFCONF_DROP_INVALID);
  push(state, f, DEFCONF_ACCEPT_ICMP);
  push(state, f, DEFCONF_DROP_NOT_FROM_LAN);
  push(state, "ipv6/firewall/filter", {
    chain: "input",
    action: "accept",
    protocol: "icmpv6",
    comment: "defconf: accept ICMPv6",
  });
  push(state, "ip/firewall/address-list", {
    list: "admins",
    address: "192.168.88.0/24",
    comment: "office LAN (added by hand)",
  });
}

/** A dynamic address-list entry, as a DNS or `add-src-to-address-list` rule would create. */
export function seedDynamicAddressList(state: PeerState): void {
  push(
    state,
    "ip/firewall/address-list",
    { list: "port-scanners", address: "203.0.113.7", timeout: "23h59m" },
    { dynamic: true },
  );
}

/**
 * The defconf NAT row, the same in 6.43+ and 7 (`/ip firewall nat add action=masquerade chain=srcnat
 * comment="defconf: masquerade" ipsec-policy=out,none out-interface-list=WAN`): every home router has it, and its
 * interface list and ipsec-policy are beyond the NAT model, so an import keeps it as a raw NAT rule.
 */
const DEFCONF_MASQUERADE = {
  chain: "srcnat",
  action: "masquerade",
  "out-interface-list": "WAN",
  "ipsec-policy": "out,none",
  comment: "defconf: masquerade",
};

/**
 * RouterOS's default configuration firewall (defconf, 7.x) as a home router ships it: the IPv4 and IPv6 filter
 * rules, the IPv6 bad-address list and the masquerade NAT row, in the order `/export` prints them. Several use
 * matchers Rampart's model does not have (interface lists, ipsec policy, NAT state, hop limit, `port`), which an
 * import must keep (as raw rules), never drop.
 */
export function seedDefconf(state: PeerState): void {
  const f = "ip/firewall/filter";
  const f6 = "ipv6/firewall/filter";
  const l6 = "ipv6/firewall/address-list";
  // defconf has a fasttrack rule, so the router shows the dynamic dummy row on top
  pushFasttrackDummy(state);
  push(state, f, DEFCONF_ACCEPT_ESTABLISHED);
  push(state, f, DEFCONF_DROP_INVALID);
  push(state, f, DEFCONF_ACCEPT_ICMP);
  push(state, f, {
    chain: "input",
    action: "accept",
    "dst-address": "127.0.0.1",
    comment: "defconf: accept to local loopback (for CAPsMAN)",
  });
  push(state, f, DEFCONF_DROP_NOT_FROM_LAN);
  push(state, f, {
    chain: "forward",
    action: "accept",
    "ipsec-policy": "in,ipsec",
    comment: "defconf: accept in ipsec policy",
  });
  push(state, f, {
    chain: "forward",
    action: "accept",
    "ipsec-policy": "out,ipsec",
    comment: "defconf: accept out ipsec policy",
  });
  push(state, f, DEFCONF_FASTTRACK);
  push(state, f, {
    chain: "forward",
    action: "accept",
    "connection-state": "established,related,untracked",
    comment: "defconf: accept established,related, untracked",
  });
  push(state, f, { chain: "forward", action: "drop", "connection-state": "invalid", comment: "defconf: drop invalid" });
  push(state, f, {
    chain: "forward",
    action: "drop",
    "connection-state": "new",
    "connection-nat-state": "!dstnat",
    "in-interface-list": "WAN",
    comment: "defconf: drop all from WAN not DSTNATed",
  });
  const bad: [string, string][] = [
    ["::/128", "defconf: unspecified address"],
    ["::1/128", "defconf: lo"],
    ["fec0::/10", "defconf: site-local"],
    ["::ffff:0.0.0.0/96", "defconf: ipv4-mapped"],
    ["::/96", "defconf: ipv4 compat"],
    ["100::/64", "defconf: discard only "],
    ["2001:db8::/32", "defconf: documentation"],
    ["2001:10::/28", "defconf: ORCHID"],
    ["3ffe::/16", "defconf: 6bone"],
  ];
  for (const [address, comment] of bad) push(state, l6, { list: "bad_ipv6", address, comment });
  push(state, f6, DEFCONF_ACCEPT_ESTABLISHED);
  push(state, f6, DEFCONF_DROP_INVALID);
  push(state, f6, { chain: "input", action: "accept", protocol: "icmpv6", comment: "defconf: accept ICMPv6" });
  push(state, f6, {
    chain: "input",
    action: "accept",
    protocol: "udp",
    port: "33434-33534",
    comment: "defconf: accept UDP traceroute",
  });
  push(state, f6, {
    chain: "input",
    action: "accept",
    protocol: "udp",
    "dst-port": "546",
    "src-address": "fe80::/10",
    comment: "defconf: accept DHCPv6-Client prefix delegation.",
  });
  push(state, f6, {
    chain: "input",
    action: "accept",
    protocol: "udp",
    "dst-port": "500,4500",
    comment: "defconf: accept IKE",
  });
  push(state, f6, { chain: "input", action: "accept", protocol: "ipsec-ah", comment: "defconf: accept ipsec AH" });
  push(state, f6, { chain: "input", action: "accept", protocol: "ipsec-esp", comment: "defconf: accept ipsec ESP" });
  push(state, f6, {
    chain: "input",
    action: "accept",
    "ipsec-policy": "in,ipsec",
    comment: "defconf: accept all that matches ipsec policy",
  });
  push(state, f6, {
    chain: "input",
    action: "drop",
    "in-interface-list": "!LAN",
    comment: "defconf: drop everything else not coming from LAN",
  });
  push(state, f6, {
    chain: "forward",
    action: "accept",
    "connection-state": "established,related,untracked",
    comment: "defconf: accept established,related,untracked",
  });
  push(state, f6, {
    chain: "forward",
    action: "drop",
    "connection-state": "invalid",
    comment: "defconf: drop invalid",
  });
  push(state, f6, {
    chain: "forward",
    action: "drop",
    "src-address-list": "bad_ipv6",
    comment: "defconf: drop packets with bad src ipv6",
  });
  push(state, f6, {
    chain: "forward",
    action: "drop",
    "dst-address-list": "bad_ipv6",
    comment: "defconf: drop packets with bad dst ipv6",
  });
  push(state, f6, {
    chain: "forward",
    action: "drop",
    protocol: "icmpv6",
    "hop-limit": "equal:1",
    comment: "defconf: rfc4890 drop hop-limit=1",
  });
  push(state, f6, { chain: "forward", action: "accept", protocol: "icmpv6", comment: "defconf: accept ICMPv6" });
  push(state, f6, { chain: "forward", action: "accept", protocol: "139", comment: "defconf: accept HIP" });
  push(state, f6, {
    chain: "forward",
    action: "accept",
    protocol: "udp",
    "dst-port": "500,4500",
    comment: "defconf: accept IKE",
  });
  push(state, f6, { chain: "forward", action: "accept", protocol: "ipsec-ah", comment: "defconf: accept ipsec AH" });
  push(state, f6, { chain: "forward", action: "accept", protocol: "ipsec-esp", comment: "defconf: accept ipsec ESP" });
  push(state, f6, {
    chain: "forward",
    action: "accept",
    "ipsec-policy": "in,ipsec",
    comment: "defconf: accept all that matches ipsec policy",
  });
  push(state, f6, {
    chain: "forward",
    action: "drop",
    "in-interface-list": "!LAN",
    comment: "defconf: drop everything else not coming from LAN",
  });
  push(state, "ip/firewall/nat", DEFCONF_MASQUERADE);
}

/**
 * Real RouterOS shows the dynamic fasttrack dummy row at the top of /ip/firewall/filter exactly while a
 * `fasttrack-connection` rule exists (docs/routeros-api-protocol.md §6): adding the first one makes it appear,
 * removing the last one makes it go. Called after every change to that table.
 */
export function syncFasttrackDummy(state: PeerState): void {
  const menu = "ip/firewall/filter";
  const rows = menuRows(state, menu);
  const dummyAt = rows.findIndex((r) => state.builtinIds.has(r[".id"]) && r.comment === FASTTRACK_DUMMY_COMMENT);
  const wanted = rows.some((r) => r.action === "fasttrack-connection" && r.dynamic !== "true");
  if (wanted && dummyAt < 0) {
    pushFasttrackDummy(state);
  } else if (!wanted && dummyAt >= 0) {
    state.builtinIds.delete(rows[dummyAt][".id"]);
    rows.splice(dummyAt, 1);
  }
}

/**
 * RouterOS 6.4x default configuration firewall (6.43 to 6.49 print it so): like 7's without the CAPsMAN
 * loopback rule and without `hw-offload` on fasttrack (6 has no such property), the IPv6 DHCPv6-PD source as
 * fe80::/16, and four more "other" bad_ipv6 prefixes, printed the way 6 prints them; the same masquerade row.
 */
export function seedDefconf6(state: PeerState): void {
  const f = "ip/firewall/filter";
  const f6 = "ipv6/firewall/filter";
  pushFasttrackDummy(state);
  const v4: Record<string, string>[] = [
    {
      chain: "input",
      "connection-state": "established,related,untracked",
      comment: "defconf: accept established,related,untracked",
    },
    DEFCONF_DROP_INVALID,
    { chain: "input", protocol: "icmp", comment: "defconf: accept ICMP" },
    { chain: "input", action: "drop", "in-interface-list": "!LAN", comment: "defconf: drop all not coming from LAN" },
    { chain: "forward", "ipsec-policy": "in,ipsec", comment: "defconf: accept in ipsec policy" },
    { chain: "forward", "ipsec-policy": "out,ipsec", comment: "defconf: accept out ipsec policy" },
    {
      chain: "forward",
      action: "fasttrack-connection",
      "connection-state": "established,related",
      comment: "defconf: fasttrack",
    },
    {
      chain: "forward",
      "connection-state": "established,related,untracked",
      comment: "defconf: accept established,related, untracked",
    },
    { chain: "forward", action: "drop", "connection-state": "invalid", comment: "defconf: drop invalid" },
    {
      chain: "forward",
      action: "drop",
      "connection-state": "new",
      "connection-nat-state": "!dstnat",
      "in-interface-list": "WAN",
      comment: "defconf:  drop all from WAN not DSTNATed",
    },
  ];
  for (const r of v4) push(state, f, { action: "accept", ...r });
  const bad: [string, string][] = [
    ["::/128", "defconf: unspecified address"],
    ["::1/128", "defconf: lo"],
    ["fec0::/10", "defconf: site-local"],
    ["::ffff:0.0.0.0/96", "defconf: ipv4-mapped"],
    ["::/96", "defconf: ipv4 compat"],
    ["100::/64", "defconf: discard only "],
    ["2001:db8::/32", "defconf: documentation"],
    ["2001:10::/28", "defconf: ORCHID"],
    ["3ffe::/16", "defconf: 6bone"],
    ["::224.0.0.0/100", "defconf: other"],
    ["::127.0.0.0/104", "defconf: other"],
    ["::/104", "defconf: other"],
    ["::255.0.0.0/104", "defconf: other"],
  ];
  for (const [address, comment] of bad)
    push(state, "ipv6/firewall/address-list", { list: "bad_ipv6", address, comment });
  const v6: Record<string, string>[] = [
    {
      chain: "input",
      "connection-state": "established,related,untracked",
      comment: "defconf: accept established,related,untracked",
    },
    DEFCONF_DROP_INVALID,
    { chain: "input", protocol: "icmpv6", comment: "defconf: accept ICMPv6" },
    { chain: "input", protocol: "udp", port: "33434-33534", comment: "defconf: accept UDP traceroute" },
    {
      chain: "input",
      protocol: "udp",
      "dst-port": "546",
      "src-address": "fe80::/16",
      comment: "defconf: accept DHCPv6-Client prefix delegation.",
    },
    { chain: "input", protocol: "udp", "dst-port": "500,4500", comment: "defconf: accept IKE" },
    { chain: "input", protocol: "ipsec-ah", comment: "defconf: accept ipsec AH" },
    { chain: "input", protocol: "ipsec-esp", comment: "defconf: accept ipsec ESP" },
    { chain: "input", "ipsec-policy": "in,ipsec", comment: "defconf: accept all that matches ipsec policy" },
    {
      chain: "input",
      action: "drop",
      "in-interface-list": "!LAN",
      comment: "defconf: drop everything else not coming from LAN",
    },
    {
      chain: "forward",
      "connection-state": "established,related,untracked",
      comment: "defconf: accept established,related,untracked",
    },
    { chain: "forward", action: "drop", "connection-state": "invalid", comment: "defconf: drop invalid" },
    {
      chain: "forward",
      action: "drop",
      "src-address-list": "bad_ipv6",
      comment: "defconf: drop packets with bad src ipv6",
    },
    {
      chain: "forward",
      action: "drop",
      "dst-address-list": "bad_ipv6",
      comment: "defconf: drop packets with bad dst ipv6",
    },
    {
      chain: "forward",
      action: "drop",
      protocol: "icmpv6",
      "hop-limit": "equal:1",
      comment: "defconf: rfc4890 drop hop-limit=1",
    },
    { chain: "forward", protocol: "icmpv6", comment: "defconf: accept ICMPv6" },
    { chain: "forward", protocol: "139", comment: "defconf: accept HIP" },
    { chain: "forward", protocol: "udp", "dst-port": "500,4500", comment: "defconf: accept IKE" },
    { chain: "forward", protocol: "ipsec-ah", comment: "defconf: accept ipsec AH" },
    { chain: "forward", protocol: "ipsec-esp", comment: "defconf: accept ipsec ESP" },
    { chain: "forward", "ipsec-policy": "in,ipsec", comment: "defconf: accept all that matches ipsec policy" },
    {
      chain: "forward",
      action: "drop",
      "in-interface-list": "!LAN",
      comment: "defconf: drop everything else not coming from LAN",
    },
  ];
  for (const r of v6) push(state, f6, { action: "accept", ...r });
  push(state, "ip/firewall/nat", DEFCONF_MASQUERADE);
}

/** A small router's ports: what rules may name as in-/out-interface unless a test gives its own. */
export const DEFAULT_INTERFACES = ["ether1", "ether2", "ether3", "ether4", "ether5", "bridge", "wlan1", "wlan2"];
/** The lists a RouterOS defconf makes; the built-in ones come on top. */
export const DEFAULT_INTERFACE_LISTS = ["LAN", "WAN"];
const BUILTIN_INTERFACE_LISTS = ["all", "none", "dynamic", "static"];

/**
 * /interface and /interface/list. Their ids come from a range of their own: on a router every menu numbers its
 * own items, and the firewall rows' ids (which tests name) stay what they were before interfaces were served.
 */
export function seedInterfaces(state: PeerState, interfaces: string[], lists: string[]): void {
  let next = 0x10000;
  const add = (menu: string, props: Record<string, string>) =>
    push(state, menu, props, { id: "*" + (next++).toString(16).toUpperCase() });
  for (const name of interfaces)
    add("interface", { name, type: name.startsWith("bridge") ? "bridge" : name.startsWith("wlan") ? "wlan" : "ether" });
  for (const name of BUILTIN_INTERFACE_LISTS) add("interface/list", { name, builtin: "true" });
  for (const name of lists) add("interface/list", { name });
}
