import {
  ADDRESS_LIST_PROPS,
  bad,
  parseBool,
  FILTER_PROPS,
  NAT_PROPS,
  checkFilterRow,
  checkNatRow,
  type Family,
} from "./firewall-values";
import { menuRows, type PeerState } from "./peer-state";
import type { Row } from "./query";
import { RouterTrap, TRAP } from "./trap";

/**
 * What each table-like menu accepts and how its rows print. Rows print in `order` (unknown keys after),
 * `comment` last, as real routers do (docs/routeros-api-protocol.md §10).
 */
export interface MenuSpec {
  props: Record<string, (v: string, family: Family) => string>;
  required: string[];
  family: Family;
  /** Props every row carries from the start (read-only counters and flags included). */
  defaults: (now: number) => Row;
  order: string[];
  /** Items can be addressed by name in `numbers` (script, scheduler). */
  named?: boolean;
  /** Whole-row check after add/set/unset; `state` for names the row refers to in other menus. */
  checkRow?: (row: Row, rows: Row[], state: PeerState) => void;
  /** Extra read-only props computed at print time. */
  decorate?: (row: Row) => Row;
}

const FILTER_ORDER = [
  "chain",
  "action",
  "protocol",
  "src-address",
  "dst-address",
  "src-address-list",
  "dst-address-list",
  "in-interface",
  "out-interface",
  "in-interface-list",
  "out-interface-list",
  "src-port",
  "dst-port",
  "port",
  "connection-state",
  "connection-nat-state",
  "icmp-options",
  "ttl",
  "hop-limit",
  "limit",
  "jump-target",
  "reject-with",
  "address-list",
  "address-list-timeout",
  "hw-offload",
  "log",
  "log-prefix",
  "bytes",
  "packets",
  "invalid",
  "dynamic",
  "disabled",
];

function filterSpec(family: Family): MenuSpec {
  return {
    props: FILTER_PROPS,
    required: ["chain"],
    family,
    defaults: () => ({
      action: "accept",
      log: "false",
      "log-prefix": "",
      bytes: "0",
      packets: "0",
      invalid: "false",
      dynamic: "false",
      disabled: "false",
    }),
    order: FILTER_ORDER,
    checkRow: (row, _rows, state) => {
      checkFilterRow(row);
      checkInterfaceReferences(row, state);
    },
  };
}

/** /ip/firewall/nat prints like the filter menu, translation targets after the matchers. */
function natSpec(): MenuSpec {
  const order = [...FILTER_ORDER];
  order.splice(order.indexOf("log"), 0, "to-addresses", "to-ports");
  return {
    ...filterSpec("ip"),
    props: NAT_PROPS,
    order,
    checkRow: (row, _rows, state) => {
      checkNatRow(row);
      checkInterfaceReferences(row, state);
    },
  };
}

function addressListSpec(family: Family): MenuSpec {
  return {
    props: ADDRESS_LIST_PROPS,
    required: ["list", "address"],
    family,
    defaults: (now) => ({ "creation-time": formatCreationTime(now), dynamic: "false", disabled: "false" }),
    order: ["list", "address", "timeout", "creation-time", "dynamic", "disabled"],
    checkRow: (row, rows) => {
      if (rows.some((r) => r !== row && r.list === row.list && r.address === row.address)) {
        throw new RouterTrap(TRAP.alreadyHave(`entry for this list`));
      }
    },
  };
}

function formatCreationTime(now: number): string {
  const d = new Date(now).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
}

const text = (v: string) => v;
const SCRIPT_SPEC: MenuSpec = {
  props: { name: text, source: text, policy: text, comment: text, "dont-require-permissions": text, owner: text },
  required: ["name"],
  family: "ip",
  named: true,
  defaults: () => ({
    owner: "admin",
    policy: "ftp,reboot,read,write,policy,test,password,sniff,sensitive,romon",
    "dont-require-permissions": "false",
    "run-count": "0",
    invalid: "false",
    source: "",
  }),
  order: ["name", "owner", "policy", "dont-require-permissions", "last-started", "run-count", "invalid", "source"],
  checkRow: (row, rows) => uniqueName(row, rows),
};

const SCHEDULER_SPEC: MenuSpec = {
  props: {
    name: text,
    "on-event": text,
    interval: text,
    "start-date": text,
    "start-time": text,
    policy: text,
    comment: text,
    disabled: (v) => (v === "yes" || v === "true" ? "true" : v === "no" || v === "false" ? "false" : v),
  },
  required: ["name"],
  family: "ip",
  named: true,
  defaults: () => ({
    interval: "0s",
    owner: "admin",
    policy: "ftp,reboot,read,write,policy,test,password,sniff,sensitive,romon",
    "run-count": "0",
    "on-event": "",
    disabled: "false",
  }),
  order: [
    "name",
    "start-date",
    "start-time",
    "interval",
    "on-event",
    "owner",
    "policy",
    "run-count",
    "next-run",
    "disabled",
  ],
  checkRow: (row, rows) => uniqueName(row, rows),
};

function uniqueName(row: Row, rows: Row[]): void {
  if (rows.some((r) => r !== row && r.name === row.name)) throw new RouterTrap(TRAP.alreadyHave("item with this name"));
}

/**
 * A real router checks a rule's interface and interface-list names against what it has: `in-interface=wan` on a
 * router with no interface "wan" is refused with `input does not match any value of in-interface` (the
 * "bad reference" trap, docs/routeros-api-protocol.md §6), so a push naming a list the router lacks fails at
 * that op. `!` negates and refers all the same. The peer used to accept any name, so a preview could not see this.
 */
function checkInterfaceReferences(row: Row, state: PeerState): void {
  for (const [props, menu] of [
    [["in-interface", "out-interface"], "interface"],
    [["in-interface-list", "out-interface-list"], "interface/list"],
  ] as const) {
    const names = new Set(menuRows(state, menu).map((r) => r.name));
    for (const prop of props) {
      const v = row[prop];
      if (v !== undefined && v !== "" && !names.has(v.replace(/^!/, ""))) throw bad(prop);
    }
  }
}

/** /interface: every interface the router has, whatever its type (ethernet, bridge, vlan, ...), by name. */
const INTERFACE_SPEC: MenuSpec = {
  props: { name: text, comment: text, mtu: text, disabled: (v) => parseBool("disabled", v) },
  required: ["name"],
  family: "ip",
  named: true,
  defaults: () => ({ type: "ether", mtu: "1500", running: "true", disabled: "false" }),
  order: ["name", "type", "mtu", "running", "disabled"],
  checkRow: (row, rows) => uniqueName(row, rows),
};

/** /interface/list: the lists rules may name; all, none, dynamic and static are the router's built-in ones. */
const INTERFACE_LIST_SPEC: MenuSpec = {
  props: { name: text, comment: text, include: text, exclude: text },
  required: ["name"],
  family: "ip",
  named: true,
  defaults: () => ({ builtin: "false", dynamic: "false" }),
  order: ["name", "builtin", "dynamic", "include", "exclude"],
  checkRow: (row, rows) => uniqueName(row, rows),
};

export const MENU_SPECS: Record<string, MenuSpec> = {
  interface: INTERFACE_SPEC,
  "interface/list": INTERFACE_LIST_SPEC,
  "ip/firewall/filter": filterSpec("ip"),
  "ipv6/firewall/filter": filterSpec("ipv6"),
  "ip/firewall/address-list": addressListSpec("ip"),
  "ipv6/firewall/address-list": addressListSpec("ipv6"),
  "ip/firewall/nat": natSpec(),
  "system/script": SCRIPT_SPEC,
  "system/scheduler": SCHEDULER_SPEC,
};

/** Orders a row's keys the way the router prints them. */
export function printOrder(spec: MenuSpec, row: Row): Row {
  const out: Row = { ".id": row[".id"] };
  for (const k of spec.order) if (k in row) out[k] = row[k];
  for (const k of Object.keys(row)) if (!(k in out) && k !== "comment") out[k] = row[k];
  if ("comment" in row) out.comment = row.comment;
  return out;
}
