/**
 * The grammar of an OpenWrt raw rule: one section of /etc/config/firewall, its type one fw4 reads and its options
 * the ones fw4 knows for that type (docs/openwrt-fw4-chains.md §5), with the shape of the values that
 * decide what the firewall does (policies, targets, families, switches). List options may be lists; every other
 * option takes one value (fw4 skips a section whose single-value option is a list). Browser-safe.
 */
export type RawIssue = { prop: string; message: string };

const POLICY = ["ACCEPT", "REJECT", "DROP"];
const BOOL = ["0", "1", "on", "off", "true", "false", "yes", "no"];
const FAMILY = ["ipv4", "ipv6", "any"];

type Spec = { options: string[]; lists: string[]; enums: Record<string, string[]>; required: string[] };

const RULE_OPTIONS = [
  "name",
  "src",
  "dest",
  "family",
  "proto",
  "src_ip",
  "dest_ip",
  "src_mac",
  "src_port",
  "dest_port",
  "icmp_type",
  "target",
  "ipset",
  "device",
  "direction",
  "limit",
  "limit_burst",
  "log",
  "log_limit",
  "mark",
  "set_mark",
  "set_xmark",
  "dscp",
  "set_dscp",
  "helper",
  "set_helper",
  "counter",
  "start_date",
  "stop_date",
  "start_time",
  "stop_time",
  "weekdays",
  "monthdays",
  "utc_time",
  "extra",
];
const RULE_LISTS = [
  "proto",
  "src_ip",
  "dest_ip",
  "src_mac",
  "src_port",
  "dest_port",
  "icmp_type",
  "weekdays",
  "monthdays",
];

export const RAW_SECTION_SPECS: Record<string, Spec> = {
  defaults: {
    options: [
      "input",
      "output",
      "forward",
      "syn_flood",
      "synflood_protect",
      "synflood_rate",
      "synflood_burst",
      "drop_invalid",
      "tcp_syncookies",
      "tcp_ecn",
      "tcp_window_scaling",
      "accept_redirects",
      "accept_source_route",
      "custom_chains",
      "disable_ipv6",
      "flow_offloading",
      "flow_offloading_hw",
      "auto_helper",
      "auto_includes",
    ],
    lists: [],
    enums: {
      input: POLICY,
      output: POLICY,
      forward: POLICY,
      syn_flood: BOOL,
      synflood_protect: BOOL,
      drop_invalid: BOOL,
      flow_offloading: BOOL,
      flow_offloading_hw: BOOL,
    },
    required: [],
  },
  zone: {
    options: [
      "name",
      "network",
      "device",
      "subnet",
      "input",
      "output",
      "forward",
      "masq",
      "masq6",
      "masq_src",
      "masq_dest",
      "masq_allow_invalid",
      "mtu_fix",
      "family",
      "log",
      "log_limit",
      "auto_helper",
      "helper",
      "custom_chains",
      "extra",
      "extra_src",
      "extra_dest",
    ],
    lists: ["network", "device", "subnet", "masq_src", "masq_dest", "helper"],
    enums: { input: POLICY, output: POLICY, forward: POLICY, masq: BOOL, masq6: BOOL, mtu_fix: BOOL, family: FAMILY },
    required: ["name"],
  },
  forwarding: {
    options: ["src", "dest", "family", "name"],
    lists: [],
    enums: { family: FAMILY },
    required: ["src", "dest"],
  },
  rule: {
    options: RULE_OPTIONS,
    lists: RULE_LISTS,
    enums: {
      family: FAMILY,
      target: ["ACCEPT", "REJECT", "DROP", "NOTRACK", "HELPER", "MARK", "DSCP"],
      direction: ["in", "out"],
    },
    required: [],
  },
  redirect: {
    options: [
      "name",
      "src",
      "dest",
      "family",
      "proto",
      "src_ip",
      "src_dip",
      "src_mac",
      "src_port",
      "src_dport",
      "dest_ip",
      "dest_port",
      "ipset",
      "target",
      "reflection",
      "reflection_src",
      "reflection_zone",
      "helper",
      "mark",
      "limit",
      "limit_burst",
      "log",
      "counter",
      "extra",
    ],
    lists: ["proto", "src_mac", "reflection_zone"],
    enums: { family: FAMILY, target: ["DNAT", "SNAT"], reflection: BOOL },
    required: [],
  },
  // A set the router holds that no address list can say (a MAC or port set, a timeout, a loadfile…); a rule
  // matching it is raw too (docs/openwrt-fw4-chains.md §5).
  ipset: {
    options: ["name", "family", "match", "entry", "maxelem", "timeout", "counters", "comment", "loadfile"],
    lists: ["match", "entry"],
    enums: { family: ["ipv4", "ipv6"], counters: BOOL },
    required: ["name", "match"],
  },
  nat: {
    options: [
      "name",
      "family",
      "src",
      "src_ip",
      "src_port",
      "dest_ip",
      "dest_port",
      "proto",
      "target",
      "snat_ip",
      "snat_port",
      "device",
      "mark",
      "log",
      "counter",
      "extra",
    ],
    lists: ["proto"],
    enums: { family: FAMILY, target: ["ACCEPT", "SNAT", "MASQUERADE"] },
    required: [],
  },
};

/** Section types whose `name` is free text (the nft comment), kept as the rule's comment, not a prop. */
export const NAME_IS_COMMENT = new Set(["rule", "redirect", "nat"]);

/** OpenWrt raw NAT types (RawGrammar.natTypes): a section of one of them, pushed verbatim (compile-nat.ts). */
export const RAW_NAT_TYPES: readonly string[] = ["redirect", "nat"];

export function isListOption(type: string, option: string): boolean {
  return RAW_SECTION_SPECS[type]?.lists.includes(option) ?? false;
}

export function checkRawSection(type: string, props: Record<string, string | string[]>): RawIssue[] {
  const spec = RAW_SECTION_SPECS[type];
  if (!spec)
    return [{ prop: "type", message: `fw4 reads no '${type}' section (${Object.keys(RAW_SECTION_SPECS).join(", ")})` }];
  const issues: RawIssue[] = [];
  for (const [k, v] of Object.entries(props)) {
    if (k === "enabled") {
      issues.push({ prop: k, message: "enabled is the rule's own enabled switch, not an option" });
      continue;
    }
    if (k === "name" && NAME_IS_COMMENT.has(type)) {
      issues.push({ prop: k, message: `a ${type} section's name is the rule's comment, not an option` });
      continue;
    }
    if (!spec.options.includes(k)) {
      issues.push({ prop: k, message: `fw4 knows no option ${k} in a ${type} section` });
      continue;
    }
    const values = [v].flat();
    if (Array.isArray(v) && !spec.lists.includes(k)) {
      issues.push({ prop: k, message: `${k} takes one value (fw4 skips the section when it is a list)` });
      continue;
    }
    const bad = values.find((x) => /[\r\n\0]/.test(x));
    if (bad !== undefined) {
      issues.push({ prop: k, message: `${k} must be one line` });
      continue;
    }
    const allowed = spec.enums[k];
    if (allowed && values.some((x) => !allowed.includes(k === "target" ? x.toUpperCase() : x)))
      issues.push({ prop: k, message: `${k}=${values.join(" ")}: must be one of ${allowed.join(", ")}` });
  }
  for (const r of spec.required)
    if (props[r] === undefined) issues.push({ prop: r, message: `a ${type} section needs option ${r}` });
  return issues;
}

/** The chain a raw section is about: a rule's from its src and dest; forwardings and redirects "forward"; zone policy "input". */
export function rawSectionChain(
  type: string,
  props: Record<string, string | string[]>,
): "input" | "forward" | "output" {
  if (type === "forwarding" || type === "redirect") return "forward";
  if (type !== "rule") return "input";
  const has = (k: string) => props[k] !== undefined;
  return has("src") && has("dest") ? "forward" : has("src") ? "input" : "output";
}
