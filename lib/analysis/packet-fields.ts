import { packetSchema, type Packet } from "@/lib/rules/analysis";
import { formatIcmpType, parseIcmpType } from "@/lib/rules/icmp-types";

/**
 * The packet tester's form (and the router test's query string) as text fields, turned into a Packet with
 * packetSchema. Numbers are converted only when they look like numbers, so "8o" reaches the schema as text and
 * comes back as its message ("port must be a number") under the field rather than as NaN.
 */

export const PACKET_FIELDS = [
  "chain",
  "inInterface",
  "outInterface",
  "src",
  "dst",
  "protocol",
  "srcPort",
  "dstPort",
  "state",
  "icmpType",
  "ttl",
  "dstNatted",
  "overLimit",
] as const;
export type PacketField = (typeof PACKET_FIELDS)[number];
export type PacketFields = Record<PacketField, string>;

export const EMPTY_PACKET_FIELDS: PacketFields = {
  chain: "input",
  inInterface: "",
  outInterface: "",
  src: "",
  dst: "",
  protocol: "tcp",
  srcPort: "",
  dstPort: "",
  state: "new",
  icmpType: "",
  ttl: "",
  dstNatted: "",
  overLimit: "",
};

const NAMED = new Set(["tcp", "udp", "icmp", "icmpv6"]);
const number = (text: string) => (/^\d{1,6}$/.test(text) ? Number(text) : text);

export function packetInput(f: Partial<PacketFields>): Record<string, unknown> {
  const t = (k: PacketField) => (f[k] ?? "").trim();
  const protocol = t("protocol").toLowerCase();
  return {
    chain: t("chain"),
    inInterface: t("inInterface") || null,
    outInterface: t("outInterface") || null,
    src: t("src"),
    dst: t("dst"),
    protocol: NAMED.has(protocol) ? protocol : number(protocol),
    ...(t("srcPort") ? { srcPort: number(t("srcPort")) } : {}),
    ...(t("dstPort") ? { dstPort: number(t("dstPort")) } : {}),
    state: t("state"),
    ...icmpInput(t("icmpType"), protocol),
    ...(t("ttl") ? { ttl: number(t("ttl")) } : {}),
    ...(t("dstNatted") === "yes" ? { dstNatted: true } : {}),
    ...(t("overLimit") === "yes" ? { overLimit: true } : {}),
  };
}

/** "echo-request", "8" or "3/4" -> icmpType (and icmpCode); text that is neither reaches the schema as text. */
function icmpInput(text: string, protocol: string): Record<string, unknown> {
  if (text === "") return {};
  const t = parseIcmpType(text, protocol === "icmpv6" || protocol === "58" ? "icmpv6" : "icmp");
  if (!t) return { icmpType: text };
  return t.code === undefined ? { icmpType: t.type } : { icmpType: t.type, icmpCode: t.code };
}

export type ParsedPacket = { ok: true; packet: Packet } | { ok: false; errors: Partial<Record<PacketField, string>> };

/** The packet, or the first message for each field. */
export function parsePacketFields(f: Partial<PacketFields>): ParsedPacket {
  const r = packetSchema.safeParse(packetInput(f));
  if (r.success) return { ok: true, packet: r.data };
  const errors: Partial<Record<PacketField, string>> = {};
  for (const issue of r.error.issues) {
    const at = issue.path[0] === "icmpCode" ? "icmpType" : issue.path[0];
    const field = (at ?? "src") as PacketField;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

export function packetToFields(p: Packet): PacketFields {
  return {
    chain: p.chain,
    inInterface: p.inInterface ?? "",
    outInterface: p.outInterface ?? "",
    src: p.src,
    dst: p.dst,
    protocol: String(p.protocol),
    srcPort: p.srcPort === undefined ? "" : String(p.srcPort),
    dstPort: p.dstPort === undefined ? "" : String(p.dstPort),
    state: p.state,
    icmpType:
      p.icmpType === undefined
        ? ""
        : formatIcmpType(
            p.icmpCode === undefined ? { type: p.icmpType } : { type: p.icmpType, code: p.icmpCode },
            p.protocol === "icmpv6" ? "icmpv6" : "icmp",
          ),
    ttl: p.ttl === undefined ? "" : String(p.ttl),
    dstNatted: p.dstNatted ? "yes" : "",
    overLimit: p.overLimit ? "yes" : "",
  };
}
