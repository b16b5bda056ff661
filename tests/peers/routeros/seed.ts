import { allocateId, menuRows, type PeerState } from "./peer-state";
import { MENU_SPECS, printOrder } from "./menu-specs";

/**
 * Starting tables: the built-in fasttrack dummy rule (routeros-api.md §6) and foreign (non-Rampart) static
 * items shaped like a default configuration.
 */
export const FASTTRACK_DUMMY_COMMENT = "special dummy rule to show fasttrack counters";

function push(state: PeerState, menu: string, props: Record<string, string>, flags: { builtin?: boolean; dynamic?: boolean } = {}): string {
  const spec = MENU_SPECS[menu];
  const id = allocateId(state);
  const row = printOrder(spec, { ".id": id, ...spec.defaults(Date.now()), ...props, ...(flags.dynamic ? { dynamic: "true" } : {}) });
  menuRows(state, menu).push(row);
  if (flags.builtin) state.builtinIds.add(id);
  return id;
}

/** Dynamic dummy at row 0 plus the static fasttrack rule that makes a router show it. */
export function seedFasttrack(state: PeerState): void {
  const rows = menuRows(state, "ip/firewall/filter");
  push(state, "ip/firewall/filter", { chain: "forward", action: "passthrough", comment: FASTTRACK_DUMMY_COMMENT }, { builtin: true, dynamic: true });
  rows.unshift(rows.pop()!); // the dummy always sits at the very top
  push(state, "ip/firewall/filter", { chain: "forward", action: "fasttrack-connection", "connection-state": "established,related", "hw-offload": "true", comment: "defconf: fasttrack" });
}

export function seedForeign(state: PeerState): void {
  const f = "ip/firewall/filter";
  push(state, f, { chain: "input", action: "accept", "connection-state": "established,related,untracked", comment: "defconf: accept established,related,untracked" });
  push(state, f, { chain: "input", action: "drop", "connection-state": "invalid", comment: "defconf: drop invalid" });
  push(state, f, { chain: "input", action: "accept", protocol: "icmp", comment: "defconf: accept ICMP" });
  push(state, f, { chain: "input", action: "drop", "in-interface-list": "!LAN", comment: "defconf: drop all not coming from LAN" });
  push(state, "ipv6/firewall/filter", { chain: "input", action: "accept", protocol: "icmpv6", comment: "defconf: accept ICMPv6" });
  push(state, "ip/firewall/address-list", { list: "admins", address: "192.168.88.0/24", comment: "office LAN (added by hand)" });
}

/** A dynamic address-list entry, as a DNS or `add-src-to-address-list` rule would create. */
export function seedDynamicAddressList(state: PeerState): void {
  push(state, "ip/firewall/address-list", { list: "port-scanners", address: "203.0.113.7", timeout: "23h59m" }, { dynamic: true });
}
