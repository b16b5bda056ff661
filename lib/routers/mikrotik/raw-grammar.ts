import { parseAddressSpec } from "@/lib/rules/address";
import type { RosFamily } from "./firewall-props";

/**
 * The grammar of a RouterOS raw rule: the properties one /ip/firewall/filter or /ipv6/firewall/filter row takes
 * (or, for a raw NAT rule, one /ip/firewall/nat row: checkRawNat),
 * with the shape of each value (docs/routeros-facts.md §5). A raw rule's props are checked here before
 * preview and before save, so a typo is refused at the field instead of by the router halfway through a push.
 * Browser-safe (the editor checks with it too). `comment` and `disabled` are not props: they stay the rule's comment and enabled switch (the ownership tag
 * goes into the comment).
 */
export type RawIssue = { prop: string; message: string };
type Check = (v: string, family: RosFamily) => string | null;

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
  "icmp-not-neighbour",
  "icmp-err-src-routing-header",
  "icmp-headers-too-long",
];
const STATES = ["established", "related", "new", "invalid", "untracked"];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]*$/;
const PROTO = /^[a-z][a-z0-9-]*$|^\d{1,3}$/;

const oneOf =
  (allowed: string[]): Check =>
  (v) =>
    allowed.includes(v) ? null : `must be one of ${allowed.join(", ")}`;
const negatable =
  (inner: Check): Check =>
  (v, f) =>
    inner(v.startsWith("!") ? v.slice(1) : v, f);
const commaOf =
  (allowed: string[]): Check =>
  (v) => {
    const bad = v.split(",").find((x) => !allowed.includes(x.trim()));
    return bad === undefined ? null : `'${bad}' is not one of ${allowed.join(", ")}`;
  };
const name: Check = (v) => (NAME.test(v) ? null : "must be a name (letters, digits and . _ @ + -)");
const bool: Check = (v) => (["true", "false", "yes", "no"].includes(v) ? null : "must be yes or no");
const text: Check = (v) => (/[\r\n]/.test(v) ? "must be one line" : v === "" ? "must not be empty" : null);
const int: Check = (v) => (/^\d{1,10}$/.test(v) ? null : "must be a whole number");
const ports: Check = (v) =>
  v.split(",").every((p) => {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(p);
    return m !== null && Number(m[1]) <= 65535 && Number(m[2] ?? m[1]) <= 65535 && Number(m[1]) <= Number(m[2] ?? m[1]);
  })
    ? null
    : "must be ports such as 22, 80,443 or 8000-8100";
const address: Check = (v, family) => {
  const spec = parseAddressSpec(v);
  return spec.ok && spec.family === family
    ? null
    : `must be an ${family === "ipv4" ? "IPv4" : "IPv6"} address, prefix or range`;
};
const comparison: Check = (v) =>
  /^(equal|greater-than|less-than|not-equal):\d{1,3}$/.test(v)
    ? null
    : "must be equal|greater-than|less-than|not-equal:N";

const PROPS: Record<string, Check> = {
  chain: name,
  action: oneOf(ACTIONS),
  "jump-target": name,
  "reject-with": oneOf(REJECT_WITH),
  protocol: negatable((v) => (PROTO.test(v) && (!/^\d/.test(v) || Number(v) <= 255) ? null : "must be a protocol")),
  "src-address": negatable(address),
  "dst-address": negatable(address),
  "src-address-list": negatable(name),
  "dst-address-list": negatable(name),
  "src-address-type": negatable(commaOf(["unicast", "local", "broadcast", "multicast", "anycast"])),
  "dst-address-type": negatable(commaOf(["unicast", "local", "broadcast", "multicast", "anycast"])),
  "src-port": negatable(ports),
  "dst-port": negatable(ports),
  port: negatable(ports),
  "in-interface": negatable(name),
  "out-interface": negatable(name),
  "in-interface-list": negatable(name),
  "out-interface-list": negatable(name),
  "in-bridge-port": negatable(name),
  "out-bridge-port": negatable(name),
  "in-bridge-port-list": negatable(name),
  "out-bridge-port-list": negatable(name),
  "connection-state": negatable(commaOf(STATES)),
  "connection-nat-state": negatable(commaOf(["srcnat", "dstnat"])),
  "connection-type": negatable(commaOf(["ftp", "h323", "irc", "pptp", "quake3", "sip", "tftp", "udplite"])),
  "connection-mark": negatable(name),
  "packet-mark": negatable(name),
  "routing-mark": negatable(name),
  "connection-limit": text,
  "connection-rate": text,
  "connection-bytes": text,
  "ipsec-policy": (v) => (/^(in|out),(ipsec|none)$/.test(v) ? null : "must be in|out,ipsec|none (e.g. in,ipsec)"),
  "icmp-options": negatable((v) => (/^\d{1,3}(-\d{1,3})?(:\d{1,3}(-\d{1,3})?)?$/.test(v) ? null : "must be type:code")),
  "tcp-flags": negatable(
    commaOf(["fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "!fin", "!syn", "!rst", "!psh", "!ack", "!urg"]),
  ),
  "tcp-mss": negatable(text),
  "packet-size": negatable(text),
  limit: text,
  "dst-limit": text,
  nth: text,
  time: text,
  random: int,
  "layer7-protocol": name,
  content: text,
  dscp: int,
  priority: int,
  fragment: bool,
  "ipv4-options": text,
  psd: text,
  "per-connection-classifier": text,
  "src-mac-address": negatable((v) =>
    /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}(\/[0-9A-Fa-f:]+)?$/.test(v) ? null : "must be a MAC address",
  ),
  "hw-offload": bool,
  "address-list": name,
  "address-list-timeout": text,
  log: bool,
  "log-prefix": (v) => (/[\r\n]/.test(v) ? "must be one line" : null),
};
/** Only in one table: TTL is IPv4's, hop limit and extension headers IPv6's. */
const FAMILY_ONLY: Record<string, RosFamily> = {
  ttl: "ipv4",
  "ipv4-options": "ipv4",
  "hop-limit": "ipv6",
  headers: "ipv6",
};
PROPS.ttl = comparison;
PROPS["hop-limit"] = comparison;
PROPS.headers = text;

export function checkRawFilter(props: Record<string, string | string[]>, family: RosFamily): RawIssue[] {
  return checkRow(props, {
    table: family === "ipv4" ? "/ip/firewall/filter" : "/ipv6/firewall/filter",
    grammar: PROPS,
    family,
    noChain: "a filter rule needs a chain",
    portProps: ["src-port", "dst-port", "port"],
  });
}

/** One menu's row: each property known to the menu and valid, a chain, a jump's target, ports with a port protocol. */
function checkRow(
  props: Record<string, string | string[]>,
  menu: { table: string; grammar: Record<string, Check>; family: RosFamily; noChain: string; portProps: string[] },
): RawIssue[] {
  const issues: RawIssue[] = [];
  for (const [prop, value] of Object.entries(props)) {
    if (prop === "comment" || prop === "disabled") {
      issues.push({
        prop,
        message: `${prop} is the rule's own ${prop === "comment" ? "comment" : "enabled switch"}, not a property`,
      });
      continue;
    }
    const check = menu.grammar[prop];
    if (!check) {
      issues.push({ prop, message: `${menu.table} has no property ${prop}` });
      continue;
    }
    if (FAMILY_ONLY[prop] && FAMILY_ONLY[prop] !== menu.family) {
      issues.push({
        prop,
        message: `${prop} exists only in the ${FAMILY_ONLY[prop] === "ipv4" ? "/ip" : "/ipv6"} table`,
      });
      continue;
    }
    if (typeof value !== "string") {
      issues.push({ prop, message: `${prop} takes one value` });
      continue;
    }
    const bad = check(value, menu.family);
    if (bad) issues.push({ prop, message: `${prop}=${value}: ${bad}` });
  }
  if (props.chain === undefined) issues.push({ prop: "chain", message: menu.noChain });
  if (props.action === "jump" && props["jump-target"] === undefined)
    issues.push({ prop: "jump-target", message: "action jump needs a jump-target" });
  const portProto = ["tcp", "udp", "6", "17", "sctp", "udp-lite", "dccp"];
  if (menu.portProps.some((p) => p in props) && !portProto.includes(String(props.protocol ?? "")))
    issues.push({ prop: "protocol", message: "ports need protocol tcp, udp, sctp, udp-lite or dccp" });
  return issues;
}

/**
 * /ip/firewall/nat: the filter row's matchers (IPv4 ones) with the NAT menu's actions and translation targets.
 * A NAT row has no connection-state, reject-with or hw-offload (the router answers `unknown parameter`).
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
const NOT_NAT = new Set(["reject-with", "connection-state", "hw-offload", "hop-limit", "headers"]);
const NAT_PROPS: Record<string, Check> = {
  ...Object.fromEntries(Object.entries(PROPS).filter(([k]) => !NOT_NAT.has(k))),
  action: oneOf(NAT_ACTIONS),
  "to-addresses": address,
  "to-ports": (v) =>
    /^\d{1,5}(-\d{1,5})?$/.test(v) && ports(v, "ipv4") === null
      ? null
      : "must be one port or a range such as 8000-8100",
  "same-not-by-dst": bool,
  "randomise-ports": bool,
};

export function checkRawNat(props: Record<string, string | string[]>): RawIssue[] {
  // NAT_PROPS holds no IPv6-only property, so the family check never fires for a NAT row
  return checkRow(props, {
    table: "/ip/firewall/nat",
    grammar: NAT_PROPS,
    family: "ipv4",
    noChain: "a NAT rule needs a chain (srcnat, dstnat or one of its own)",
    portProps: ["src-port", "dst-port", "port", "to-ports"],
  });
}

/** The chain a raw filter row is about: its own when it is input, forward or output; a custom chain's rows "forward". */
export function rawFilterChain(props: Record<string, string | string[]>): "input" | "forward" | "output" {
  const chain = props.chain;
  return chain === "input" || chain === "output" || chain === "forward" ? chain : "forward";
}
