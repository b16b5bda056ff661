// What fw4.uc accepts in /etc/config/firewall (docs/openwrt-uci.md §2): invalid sections are skipped with
// "[!] Section …" warnings and fw4 still exits 0.
import net from "node:net";
import { displayNames } from "./uci-package.mjs";
import { validateNat } from "./fw4-validate-nat.mjs";

const RULE_LIST_OPTIONS = new Set([
  "proto",
  "src_ip",
  "dest_ip",
  "src_mac",
  "src_port",
  "dest_port",
  "icmp_type",
  "weekdays",
  "monthdays",
]);
const RULE_SINGLE_OPTIONS = new Set([
  "name",
  "enabled",
  "counter",
  "src",
  "dest",
  "family",
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
  "start_date",
  "stop_date",
  "start_time",
  "stop_time",
  "utc_time",
  "extra",
]);
const UNSUPPORTED = new Set(["extra", "monthdays"]);
const TARGETS = ["ACCEPT", "REJECT", "DROP", "NOTRACK", "HELPER", "MARK", "DSCP"];
const ICMP_NAMES = new Set(
  (
    "any echo-reply destination-unreachable network-unreachable host-unreachable protocol-unreachable " +
    "port-unreachable fragmentation-needed source-route-failed network-unknown host-unknown network-prohibited " +
    "host-prohibited TOS-network-unreachable TOS-host-unreachable communication-prohibited host-precedence-violation " +
    "precedence-cutoff source-quench redirect network-redirect host-redirect TOS-network-redirect TOS-host-redirect " +
    "echo-request router-advertisement router-solicitation time-exceeded ttl-zero-during-transit " +
    "ttl-zero-during-reassembly parameter-problem ip-header-bad required-option-missing timestamp-request " +
    "timestamp-reply address-mask-request address-mask-reply packet-too-big no-route address-unreachable " +
    "beyond-scope bad-header unknown-header-type unknown-option neighbour-solicitation neighbor-solicitation " +
    "neighbour-advertisement neighbor-advertisement"
  ).split(" "),
);

const BOOL = { 1: true, on: true, true: true, yes: true, 0: false, off: false, false: false, no: false };
export const parseBool = (v) => BOOL[String(v).toLowerCase()];

export const stripNot = (v) => (v.startsWith("!") ? v.slice(1).trimStart() : v);

export const validPort = (v) => {
  const m = /^(\d+)(?:[-:](\d+))?$/.exec(stripNot(v));
  if (!m) return false;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  return a <= 65535 && b <= 65535 && a <= b;
};

export function validAddress(v) {
  const a = stripNot(v);
  const range = a.split("-");
  if (range.length === 2) return net.isIP(range[0]) !== 0 && net.isIP(range[0]) === net.isIP(range[1]);
  const [addr, mask, extra] = a.split("/");
  if (extra !== undefined) return false;
  const fam = net.isIP(addr);
  if (!fam) return /^[A-Za-z][A-Za-z0-9_.-]*$/.test(a); // an interface / network name
  if (mask === undefined) return true;
  if (/^\d+$/.test(mask)) return Number(mask) <= (fam === 4 ? 32 : 128);
  return fam === 4 && net.isIPv4(mask);
}

export const validators = {
  enabled: (v) => parseBool(v) !== undefined,
  counter: (v) => parseBool(v) !== undefined,
  family: (v) => ["ipv4", "ipv6", "any", "*", "inet"].includes(v.toLowerCase()),
  proto: (v) => {
    const p = stripNot(v);
    if (/^\d+$/.test(p)) return Number(p) <= 255;
    return p.length > 0; // fw4 passes names through; nft resolves (or rejects) them
  },
  src_ip: validAddress,
  dest_ip: validAddress,
  src_mac: (v) => /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(stripNot(v)),
  src_port: validPort,
  dest_port: validPort,
  icmp_type: (v) => ICMP_NAMES.has(stripNot(v)) || /^\d+(\/\d+)?$/.test(stripNot(v)),
  target: (v) => v.length > 0 && TARGETS.some((t) => t.startsWith(v.toUpperCase())),
  direction: (v) => ["in", "out"].includes(v),
  device: (v) => !v.includes("*") && !v.startsWith("!"),
  limit: (v) => /^\d+(\/(s(e(c(o(n(d)?)?)?)?)?|m(i(n(u(t(e)?)?)?)?)?|h(o(u(r)?)?)?|d(a(y)?)?))?$/.test(v),
  limit_burst: (v) => /^\d+$/.test(v),
};

export const resolveTarget = (v) => TARGETS.find((t) => t.startsWith(v.toUpperCase()));

/**
 * Returns { warnings, zones, rules, ipsets, redirects, zoneFlags } where rules/ipsets are the sections fw4 would
 * render, each { section, label, opts } with list options as arrays (option strings split on spaces); redirects
 * and zoneFlags (which zones do DNAT / SNAT) come from fw4-validate-nat.mjs.
 */
export function validateFirewall(pkg) {
  const warnings = [];
  const names = displayNames(pkg);
  const labelOf = (s) => {
    const n = s.options.get("name");
    return `${s.anonymous ? names.get(s) : s.name}${typeof n === "string" ? ` (${n})` : ""}`;
  };
  const warn = (s, text) => warnings.push(`[!] Section ${labelOf(s)} ${text}`);
  const enabled = (s) => {
    const v = s.options.get("enabled");
    if (v === undefined || parseBool(v) !== false) return true;
    warn(s, "is disabled, ignoring section");
    return false;
  };

  const zones = [];
  for (const s of pkg.sections.filter((x) => x.type === "zone")) {
    const name = s.options.get("name");
    if (typeof name !== "string" || !/^[A-Za-z0-9_]+$/.test(name)) {
      warn(s, "option 'name' is mandatory but not set");
      continue;
    }
    if (enabled(s)) zones.push({ name, section: s });
  }

  const ipsets = [];
  for (const s of pkg.sections.filter((x) => x.type === "ipset")) {
    if (!enabled(s)) continue;
    const name = s.options.get("name");
    const bad = [];
    if (typeof name !== "string" || !/^[A-Za-z_.][A-Za-z0-9/_.-]*$/.test(name)) bad.push(["name", name ?? ""]);
    const match = [].concat(s.options.get("match") ?? []).flatMap((m) => m.split(/\s+/));
    for (const m of match) if (!/^(src_|dst_)?(ip|net|mac|port)$/.test(m)) bad.push(["match", m]);
    const family = s.options.get("family") ?? "ipv4";
    if (!["ipv4", "ipv6"].includes(family)) bad.push(["family", family]);
    if (bad.length) {
      for (const [o, v] of bad) warn(s, `option '${o}' specifies invalid value '${v}'`);
      warn(s, "skipped due to invalid options");
      continue;
    }
    ipsets.push({
      section: s,
      label: labelOf(s),
      name,
      match,
      family,
      entries: [].concat(s.options.get("entry") ?? []),
    });
  }

  const zoneNames = new Set(zones.map((z) => z.name));
  const rules = [];
  for (const s of pkg.sections.filter((x) => x.type === "rule")) {
    if (!enabled(s)) continue;
    let skip = false;
    const opts = {};
    for (const [k, v] of s.options) {
      if (UNSUPPORTED.has(k)) {
        warn(s, `option '${k}' is not supported by fw4`);
        continue;
      }
      if (!RULE_LIST_OPTIONS.has(k) && !RULE_SINGLE_OPTIONS.has(k)) {
        warn(s, `specifies unknown option '${k}'`);
        continue;
      }
      if (RULE_SINGLE_OPTIONS.has(k) && Array.isArray(v)) {
        warn(s, `option '${k}' must not be a list`);
        skip = true;
        continue;
      }
      // an option string for a list-kind option is split on whitespace
      const values = RULE_LIST_OPTIONS.has(k) ? (Array.isArray(v) ? v : v.split(/\s+/).filter(Boolean)) : [v];
      for (const item of values) {
        const valid = validators[k] ? validators[k](item) : true;
        const zoneOk = k === "src" || k === "dest" ? item === "*" || zoneNames.has(item) : true;
        if (!valid || !zoneOk) {
          warn(s, `option '${k}' specifies invalid value '${item}'`);
          skip = true;
        }
      }
      opts[k] = RULE_LIST_OPTIONS.has(k) ? values : v;
    }
    const target = opts.target && resolveTarget(opts.target);
    if (!skip && (target === "NOTRACK" || target === "HELPER") && !opts.src) {
      warn(s, `must specify a source zone for target '${target}'`);
      skip = true;
    }
    if (skip) {
      warn(s, "skipped due to invalid options");
      continue;
    }
    if (opts.ipset) {
      const setName = stripNot(opts.ipset).split(/\s+/)[0];
      if (!ipsets.some((i) => i.name === setName)) {
        warn(s, `references unknown set '${setName}'`);
        continue;
      }
    }
    rules.push({ section: s, label: labelOf(s), opts: { ...opts, target } });
  }
  const { redirects, flags } = validateNat(pkg, zones, labelOf, warn);
  return { warnings, zones, rules, ipsets, redirects, zoneFlags: flags };
}
