// What fw4.uc accepts in `redirect` and `nat` sections (parse_redirect, parse_nat; docs/openwrt-fw4-chains.md
// "NAT"), in the same words as fw4-validate.mjs: an invalid value skips the section with "[!] Section …" warnings,
// and some checks after parsing drop it with one warning of their own (no "skipped due to invalid options").
// Reductions: the stand-in's zones have no addresses (no netifd), so fw4's reflection (NAT loopback) rules and its
// guess of a redirect's destination zone from the inside host's subnet ("does not specify a destination, assuming
// 'lan'") never happen here; ipset, helper, mark and time options are accepted as written but not rendered.
import { parseBool, validAddress, validators, validPort } from "./fw4-validate.mjs";

const LIST = new Set(["proto", "src_mac", "reflection_zone"]);
const COMMON = [
  "enabled",
  "name",
  "family",
  "src",
  "ipset",
  "proto",
  "src_ip",
  "src_port",
  "dest_ip",
  "dest_port",
  "extra",
  "limit",
  "limit_burst",
  "utc_time",
  "start_date",
  "stop_date",
  "start_time",
  "stop_time",
  "weekdays",
  "monthdays",
  "mark",
  "counter",
  "log",
  "target",
];
const OPTIONS = {
  redirect: new Set([
    ...COMMON,
    "_name",
    "dest",
    "helper",
    "src_mac",
    "src_dip",
    "src_dport",
    "reflection",
    "reflection_src",
    "reflection_zone",
    "log_limit",
  ]),
  nat: new Set([...COMMON, "device", "snat_ip", "snat_port", "connlimit_ports"]),
};
const UNSUPPORTED = { redirect: new Set(["extra", "monthdays"]), nat: new Set(["extra", "monthdays", "ipset"]) };
// fw4's parse_enum: case-insensitive, a prefix takes the first entry it begins (so "d" is drop, not dnat)
const TARGETS = ["accept", "reject", "drop", "notrack", "helper", "mark", "dscp", "dnat", "snat", "masquerade"];
const target = (v) => TARGETS.find((t) => v !== "" && t.startsWith(v.toLowerCase()));

// (functions, not references: fw4-validate.mjs imports this module before its own validators exist)
const valid = {
  enabled: (v) => parseBool(v) !== undefined,
  counter: (v) => parseBool(v) !== undefined,
  reflection: (v) => parseBool(v) !== undefined,
  family: (v) => validators.family(v),
  proto: (v) => validators.proto(v),
  src_ip: (v) => validAddress(v),
  src_dip: (v) => validAddress(v),
  dest_ip: (v) => validAddress(v),
  snat_ip: (v) => !v.startsWith("!") && validAddress(v),
  src_port: (v) => validPort(v),
  src_dport: (v) => validPort(v),
  dest_port: (v) => validPort(v),
  snat_port: (v) => !v.startsWith("!") && validPort(v),
  src_mac: (v) => validators.src_mac(v),
  limit: (v) => validators.limit(v),
  limit_burst: (v) => validators.limit_burst(v),
  target: (v) => target(v) !== undefined,
  reflection_src: (v) => ["internal", "external"].some((t) => v !== "" && t.startsWith(v.toLowerCase())),
};

/** One section's options as fw4's parse_options reads them; null when invalid (warnings given). */
function parseOptions(s, type, zoneNames, warn) {
  let skip = false;
  const opts = {};
  for (const [k, v] of s.options) {
    if (UNSUPPORTED[type].has(k)) {
      warn(s, `option '${k}' is not supported by fw4`);
      continue;
    }
    if (!OPTIONS[type].has(k)) {
      warn(s, `specifies unknown option '${k}'`);
      continue;
    }
    if (!LIST.has(k) && Array.isArray(v)) {
      warn(s, `option '${k}' must not be a list`);
      skip = true;
      continue;
    }
    const values = LIST.has(k) ? (Array.isArray(v) ? v : v.split(/\s+/).filter(Boolean)) : [v];
    for (const item of values) {
      const zoneOk = ["src", "dest", "reflection_zone"].includes(k) ? item === "*" || zoneNames.has(item) : true;
      if (!zoneOk || (valid[k] && !valid[k](item))) {
        warn(s, `option '${k}' specifies invalid value '${item}'`);
        skip = true;
      }
    }
    opts[k] = LIST.has(k) ? values : v;
  }
  if (skip) {
    warn(s, "skipped due to invalid options");
    return null;
  }
  return opts;
}

const isOff = (v) => v !== undefined && parseBool(v) === false;

/** fw4's ensure_tcpudp: ports need tcp or udp; "all" alone becomes tcp and udp. */
function ensureTcpUdp(protos) {
  if (protos.some((p) => p === "tcp" || p === "udp")) return protos;
  if (protos.length > 0 && protos.every((p) => p === "all")) return ["tcp", "udp"];
  return null;
}

/**
 * Returns { redirects, flags } where each redirect is { chain, opts, label, kind } in fw4's order (every
 * redirect section, then every nat section), and flags maps a zone name to { dnat, snat }.
 */
export function validateNat(pkg, zones, labelOf, warn) {
  const zoneNames = new Set(zones.map((z) => z.name));
  const zoneOf = new Map(zones.map((z) => [z.name, z]));
  const flags = new Map(
    zones.map((z) => [z.name, { dnat: false, snat: parseBool(z.section.options.get("masq")) === true }]),
  );
  const redirects = [];
  for (const s of pkg.sections.filter((x) => x.type === "redirect")) {
    const o = parseOptions(s, "redirect", zoneNames, warn);
    if (!o) continue;
    if (isOff(o.enabled)) {
      warn(s, "is disabled, ignoring section");
      continue;
    }
    let t = o.target === undefined ? "dnat" : target(o.target);
    if (t !== "dnat" && t !== "snat") {
      warn(s, "has invalid target specified, defaulting to dnat");
      t = "dnat";
    }
    if (t === "dnat") {
      if (!o.src) {
        warn(s, "has no source specified");
        continue;
      }
      if (o.src === "*") {
        warn(s, "must not have source '*' for dnat target");
        continue;
      }
      if (o.dest_ip?.startsWith("!")) {
        warn(s, "must not specify a negated 'dest_ip' value");
        continue;
      }
      // odd but real: without dest_port the packet goes to the port it arrived for (the src_dport range, if one)
      const rport = o.dest_port ?? o.src_dport;
      // reflection is on unless switched off: with a dest zone and a masquerading src zone, fw4 marks the dest
      // zone for DNAT and SNAT even when no reflection rule can be built
      const reflection = o.reflection === undefined || parseBool(o.reflection);
      if (reflection && o.dest && o.dest !== "*" && zoneOf.get(o.src) && flags.get(o.src).snat) {
        flags.get(o.dest).dnat = true;
        flags.get(o.dest).snat = true;
      }
      flags.get(o.src).dnat = true;
      redirects.push({
        kind: "redirect",
        target: o.dest_ip ? "dnat" : "redirect",
        chain: `dstnat_${o.src}`,
        label: labelOf(s),
        opts: { ...o, rport, raddr: o.dest_ip, daddr: o.src_dip, dport: o.src_dport },
      });
    } else {
      if (!o.dest) {
        warn(s, "has no destination specified");
        continue;
      }
      if (o.dest === "*") {
        warn(s, "must not have destination '*' for snat target");
        continue;
      }
      if (!o.src_dip) {
        warn(s, "has no 'src_dip' option specified");
        continue;
      }
      if (o.src_dip.startsWith("!")) {
        warn(s, "must not specify a negated 'src_dip' value");
        continue;
      }
      if (o.src_mac) {
        warn(s, "must not use 'src_mac' option for snat target");
        continue;
      }
      flags.get(o.dest).snat = true;
      redirects.push({
        kind: "redirect",
        target: "snat",
        chain: `srcnat_${o.dest}`,
        label: labelOf(s),
        opts: { ...o, rport: o.src_dport, raddr: o.src_dip, daddr: o.dest_ip, dport: o.dest_port },
      });
    }
  }
  for (const s of pkg.sections.filter((x) => x.type === "nat")) {
    const o = parseOptions(s, "nat", zoneNames, warn);
    if (!o) continue;
    if (isOff(o.enabled)) {
      warn(s, "is disabled, ignoring section");
      continue;
    }
    let t = o.target === undefined ? "masquerade" : target(o.target);
    if (!["accept", "snat", "masquerade"].includes(t)) {
      warn(s, "has invalid target specified, defaulting to masquerade");
      t = "masquerade";
    }
    if (t === "snat" && !o.snat_ip && !o.snat_port) {
      warn(s, "needs either 'snat_ip' or 'snat_port' for target snat, ignoring section");
      continue;
    }
    if (t !== "snat" && o.snat_ip) {
      warn(s, "must not use 'snat_ip' for non-snat target, ignoring section");
      continue;
    }
    if (t !== "snat" && o.snat_port) {
      warn(s, "must not use 'snat_port' for non-snat target, ignoring section");
      continue;
    }
    let proto = o.proto ?? ["all"];
    if (o.snat_port || o.src_port || o.dest_port) {
      proto = ensureTcpUdp(proto);
      if (!proto) {
        warn(s, "specifies ports but no UDP/TCP protocol, ignoring section");
        continue;
      }
    }
    // a nat section without src lands in the main srcnat chain, for every outgoing interface
    if (o.src && o.src !== "*") flags.get(o.src).snat = true;
    const chain = o.src && o.src !== "*" ? `srcnat_${o.src}` : "srcnat";
    redirects.push({
      kind: "nat",
      target: t,
      chain,
      label: labelOf(s),
      opts: { ...o, proto, rport: o.snat_port, raddr: o.snat_ip, daddr: o.dest_ip, dport: o.dest_port },
    });
  }
  return { redirects, flags };
}
