// fw4's NAT chains from fw4-validate-nat.mjs's redirects, in the stand-in's reduced layout
// (docs/openwrt-fw4-chains.md §6):
// - `dstnat` jumps to `dstnat_<zone>` for each zone with DNAT, `srcnat` holds the nat sections without a zone and
//   jumps to `srcnat_<zone>` for each zone with SNAT (a masq zone, a nat section's src, a SNAT redirect's dest);
// - `dstnat_<zone>` holds the zone's redirects in order; `srcnat_<zone>` its SNAT redirects, nat sections, then
//   the zone's own masquerade;
// - a zone with DNAT gets `ct status dnat accept` at the end of its input_ and forward_ rules (zoneTail).
// The stand-in has no netifd: a zone's `device` items, else its `network` names, stand for its devices.

const setOf = (items) => (items.length === 1 ? items[0] : `{ ${items.join(", ")} }`);
const quote = (name) => `"!fw4: ${name.replace(/(["\\])/g, "\\$1")}"`;
const port = (p) => p.replace(":", "-");
/** fw4.cidr: a host prefix is the bare address. */
const cidr = (a) => a.replace(/\/(32|128)$/, "");

function familyOf(o) {
  const f = (o.family ?? "").toLowerCase();
  if (f === "ipv4" || f === "4") return 4;
  if (f === "ipv6" || f === "6") return 6;
  if (["any", "*", "inet"].includes(f)) return 0;
  const addrs = [o.src_ip, o.daddr, o.raddr].filter(Boolean);
  // odd but real: with no family and no address, fw4 makes a redirect or nat section IPv4 only
  return addrs.some((a) => a.includes(":")) ? 6 : 4;
}

function redirectLines(r) {
  const o = r.opts;
  const name = o.name ?? r.label;
  const family = familyOf(o);
  const ipp = family === 6 ? "ip6" : "ip";
  const protos = (o.proto ?? (r.kind === "nat" ? ["all"] : ["tcpudp"])).flatMap((p) =>
    p === "tcpudp" ? ["tcp", "udp"] : [p],
  );
  return protos.map((proto) => {
    const ports = proto === "tcp" || proto === "udp";
    const sport = ports ? o.src_port : undefined;
    const dport = ports ? o.dport : undefined;
    const rport = ports ? o.rport : undefined;
    const hasAddrs = !!(o.src_ip || o.daddr);
    const hasPorts = r.kind === "nat" ? !!(sport || dport) : !!(sport || dport || rport);
    const parts = [];
    if (family && !hasAddrs) parts.push(`meta nfproto ipv${family}`);
    if (proto !== "all" && !hasPorts) parts.push(`meta l4proto ${proto}`);
    for (const [v, dir] of [
      [o.src_ip, "saddr"],
      [o.daddr, "daddr"],
    ]) {
      if (v) parts.push(`${ipp} ${dir} ${v.startsWith("!") ? `!= ${cidr(v.slice(1))}` : cidr(v)}`);
    }
    for (const [v, dir] of [
      [sport, "sport"],
      [dport, "dport"],
    ]) {
      if (v) parts.push(`${proto} ${dir} ${v.startsWith("!") ? `!= ${port(v.slice(1))}` : port(v)}`);
    }
    if (o.counter === undefined || !["0", "off", "false", "no"].includes(o.counter)) parts.push("counter");
    const log = o.log && !["0", "off", "false", "no"].includes(o.log.toLowerCase()) ? o.log : null;
    if (log) parts.push(`log prefix "${["1", "on", "true", "yes"].includes(log.toLowerCase()) ? `${name}: ` : log}"`);
    const to = (addr) => `${family === 6 && rport ? `[${cidr(addr)}]` : cidr(addr)}${rport ? `:${port(rport)}` : ""}`;
    if (r.target === "redirect") parts.push(`redirect${rport ? ` to ${port(rport)}` : ""}`);
    else if (r.target === "dnat" || r.target === "snat") parts.push(`${r.target} ${to(o.raddr ?? "")}`);
    else parts.push(r.target);
    return `\t\t${parts.join(" ")} comment ${quote(name)}`;
  });
}

const devicesOf = (z) => {
  const opt = (k) =>
    []
      .concat(z.section.options.get(k) ?? [])
      .flatMap((v) => v.split(/\s+/))
      .filter(Boolean);
  const devs = opt("device").length ? opt("device") : opt("network");
  return devs.map((d) => `"${d}"`);
};

/** The lines fw4 appends to a zone's input_/forward_ chain after its rules. */
export function zoneTail(fw, chain) {
  const m = /^(input|forward)_(\S+)$/.exec(chain);
  if (!m || !fw.zoneFlags?.get(m[2])?.dnat) return [];
  return [`\t\tct status dnat accept comment "!fw4: Accept port ${m[1] === "input" ? "redirections" : "forwards"}"`];
}

/** [name, lines] of the NAT chains, in fw4's order. */
export function natChains(fw) {
  const flags = fw.zoneFlags ?? new Map();
  const rowsOf = (chain) => fw.redirects.filter((r) => r.chain === chain).flatMap(redirectLines);
  const jump = (z, dir) => {
    const devs = devicesOf(z);
    const io = dir === "dstnat" ? "iifname" : "oifname";
    return devs.length
      ? [`\t\t${io} ${setOf(devs)} jump ${dir}_${z.name} comment "!fw4: Handle ${z.name} IPv4/IPv6 ${dir} traffic"`]
      : [];
  };
  const chains = [
    ["dstnat", fw.zones.filter((z) => flags.get(z.name)?.dnat).flatMap((z) => jump(z, "dstnat"))],
    [
      "srcnat",
      [...rowsOf("srcnat"), ...fw.zones.filter((z) => flags.get(z.name)?.snat).flatMap((z) => jump(z, "srcnat"))],
    ],
  ];
  for (const z of fw.zones) {
    const f = flags.get(z.name);
    if (f?.dnat) chains.push([`dstnat_${z.name}`, rowsOf(`dstnat_${z.name}`)]);
    if (f?.snat) {
      const masq = ["1", "on", "true", "yes"].includes(String(z.section.options.get("masq") ?? "").toLowerCase());
      chains.push([
        `srcnat_${z.name}`,
        [
          ...rowsOf(`srcnat_${z.name}`),
          ...(masq ? [`\t\tmeta nfproto ipv4 masquerade comment "!fw4: Masquerade IPv4 ${z.name} traffic"`] : []),
        ],
      ]);
    }
  }
  return chains;
}
