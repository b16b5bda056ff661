import { parseAddressSpec } from "@/lib/rules/address";
import type { AddressMatch, NatRule, PortRange } from "@/lib/rules/schema";
import type { UciSection } from "./uci-export-parse";

/**
 * A `redirect` or `nat` section as a NAT rule (the inverse of compile-nat.ts), or null when the model cannot hold
 * it exactly; the caller then keeps it as a raw rule in its place, as before. Exactly means fw4 renders the
 * section Rampart would write for the rule the same way:
 * - a redirect: DNAT from a zone to one IPv4 host, one protocol, single addresses and one port or range, and
 *   reflection switched off (fw4's default NAT loopback also rewrites the LAN's connections to the router's
 *   outside address, which the model does not say); `dest` is then only a label and is read past;
 * - a nat section: masquerade, or SNAT to one IPv4 host without `snat_port`, on a zone.
 * `ifaceOf` names a zone by an interface of it: the zone is found again from that interface at push.
 */
export function natOfSection(s: UciSection, ifaceOf: (zone: string) => string): Omit<NatRule, "id"> | null {
  const opts = new Map(s.options);
  const take = (k: string): string | undefined => {
    const v = opts.get(k);
    opts.delete(k);
    return typeof v === "string" ? v : undefined;
  };
  const protoItems = opts.get("proto");
  opts.delete("proto");
  const forward = s.type === "redirect";
  const name = take("name");
  const enabled = take("enabled");
  const family = take("family");
  const src = take("src");
  const log = take("log");
  const target = (take("target") ?? (forward ? "DNAT" : "MASQUERADE")).toUpperCase();
  const srcIp = take("src_ip");
  const dstIp = take(forward ? "src_dip" : "dest_ip");
  const dport = take(forward ? "src_dport" : "dest_port");
  let toAddress = "";
  let toPort: number | null = null;
  if (forward) {
    toAddress = take("dest_ip") ?? "";
    const destPort = take("dest_port");
    if (destPort !== undefined) {
      if (!/^\d{1,5}$/.test(destPort)) return null;
      toPort = Number(destPort);
    }
    if (!OFF.has((take("reflection") ?? "1").toLowerCase())) return null;
    take("dest");
    if (target !== "DNAT") return null;
  } else {
    if (target === "SNAT") toAddress = take("snat_ip") ?? "";
    else if (target !== "MASQUERADE") return null;
  }
  if (opts.size > 0) return null; // an option the model has no field for
  if (!src || src === "*" || (family !== undefined && family !== "ipv4")) return null;
  if (name !== undefined && /["\\]/.test(name)) return null;
  if (toAddress !== "" && !isIpv4Host(toAddress)) return null;
  if ((forward || target === "SNAT") && toAddress === "") return null;
  const protos = [protoItems ?? (forward ? "tcpudp" : "all")].flat().flatMap((p) => p.split(/\s+/));
  if (protos.length !== 1) return null;
  const protocol = protocolOf(protos[0]);
  if (protocol === null) return null;
  const ports = protocol === "tcp" || protocol === "udp";
  let dstPorts: PortRange[] = [];
  if (dport !== undefined) {
    const m = /^(\d{1,5})(?:[-:](\d{1,5}))?$/.exec(dport);
    if (!m || !ports) return null;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to > 65535 || from > to) return null;
    dstPorts = [{ from, to }];
  }
  if (toPort !== null && (!ports || dstPorts.length !== 1)) return null;
  const srcMatch = addressMatch(srcIp);
  const dstMatch = addressMatch(dstIp);
  if (srcMatch === null || dstMatch === null) return null;
  const logOn =
    log === undefined ? false : ON.has(log.toLowerCase()) ? true : OFF.has(log.toLowerCase()) ? false : null;
  if (logOn === null) return null;
  const iface = ifaceOf(src);
  return {
    kind: forward ? "port-forward" : target === "SNAT" ? "snat" : "masquerade",
    family: "ipv4",
    protocol,
    src: srcMatch,
    dst: dstMatch,
    dstPorts,
    inInterface: forward ? iface : null,
    outInterface: forward ? null : iface,
    toAddress,
    toPort,
    log: logOn,
    comment: name ?? "",
    enabled: !OFF.has((enabled ?? "1").toLowerCase()),
  };
}

const ON = new Set(["1", "on", "true", "yes"]);
const OFF = new Set(["0", "off", "false", "no"]);
const NAMED: Record<string, NatRule["protocol"]> = { tcp: "tcp", udp: "udp", icmp: "icmp", all: "any" };

function protocolOf(p: string): NatRule["protocol"] | null {
  const v = p.toLowerCase();
  if (v in NAMED) return NAMED[v];
  if (/^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 255) return Number(v);
  return null;
}

function isIpv4Host(v: string): boolean {
  const spec = parseAddressSpec(v);
  return spec.ok && spec.kind === "host" && spec.family === "ipv4";
}

function addressMatch(v: string | undefined): AddressMatch | null {
  if (v === undefined) return { kind: "any" };
  const negate = v.startsWith("!");
  const value = negate ? v.slice(1).trim() : v.trim();
  const spec = parseAddressSpec(value);
  if (!spec.ok || spec.family !== "ipv4") return null;
  return { kind: "addresses", values: [value], negate };
}
