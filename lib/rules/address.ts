import { formatAddress, type AddressFamily } from "./address-format";

/**
 * Parses one address as an admin types it: a single address, a CIDR prefix or an inclusive range "a-b",
 * IPv4 or IPv6, into an inclusive numeric interval (IPv4 as a 32-bit, IPv6 as a 128-bit bigint).
 * Written by hand rather than with node:net so the same code runs in the browser form and on the server.
 */

export type AddressSpec = {
  ok: true;
  family: AddressFamily;
  from: bigint;
  to: bigint;
  kind: "host" | "cidr" | "range";
};
export type AddressSpecResult = AddressSpec | { ok: false; message: string };

type HostResult = { ok: true; family: AddressFamily; value: bigint } | { ok: false; message: string };

const BITS: Record<AddressFamily, number> = { ipv4: 32, ipv6: 128 };
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

export function parseAddressSpec(text: string): AddressSpecResult {
  const spec = text.trim();
  if (spec === "") return { ok: false, message: "address is required" };
  if (/\s/.test(spec)) return { ok: false, message: `'${spec}' contains spaces; enter one address, prefix or range` };
  if (spec.includes("%"))
    return { ok: false, message: `${spec} has a zone id; zone ids (after '%') are not allowed in firewall rules` };
  if (spec.includes("-")) return parseRange(spec);
  if (spec.includes("/")) return parseCidr(spec);
  const host = parseHost(spec);
  if (!host.ok) return host;
  return { ok: true, family: host.family, from: host.value, to: host.value, kind: "host" };
}

function parseRange(spec: string): AddressSpecResult {
  const parts = spec.split("-");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
    return { ok: false, message: `${spec} is not a range; write it as start-end, e.g. 10.0.0.1-10.0.0.9` };
  }
  if (spec.includes("/")) return { ok: false, message: `${spec} mixes a range and a prefix; use one or the other` };
  const start = parseHost(parts[0]);
  if (!start.ok) return start;
  const end = parseHost(parts[1]);
  if (!end.ok) return end;
  if (start.family !== end.family) return { ok: false, message: `range ${spec} mixes IPv4 and IPv6` };
  if (start.value > end.value)
    return { ok: false, message: `range ${spec} is backwards; the start must not be after the end` };
  return { ok: true, family: start.family, from: start.value, to: end.value, kind: "range" };
}

function parseCidr(spec: string): AddressSpecResult {
  const parts = spec.split("/");
  if (parts.length !== 2)
    return { ok: false, message: `${spec} is not a prefix; write it as address/length, e.g. 10.0.0.0/8` };
  const [addressText, lengthText] = parts;
  const host = parseHost(addressText);
  if (!host.ok) return host;
  const bits = BITS[host.family];
  if (!DECIMAL.test(lengthText) || Number(lengthText) > bits) {
    return {
      ok: false,
      message: `${spec} has prefix length '${lengthText}'; ${host.family === "ipv4" ? "IPv4" : "IPv6"} allows 0-${bits}`,
    };
  }
  const hostBits = BigInt(bits - Number(lengthText));
  const hostMask = (1n << hostBits) - 1n;
  if ((host.value & hostMask) !== 0n) {
    const network = formatAddress(host.family, host.value & ~hostMask);
    return { ok: false, message: `${spec} has host bits set; did you mean ${network}/${lengthText}?` };
  }
  return { ok: true, family: host.family, from: host.value, to: host.value | hostMask, kind: "cidr" };
}

function parseHost(text: string): HostResult {
  return text.includes(":") ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): HostResult {
  const bad = { ok: false as const, message: `${text} is not an IPv4 address` };
  const octets = text.split(".");
  if (octets.length !== 4) return bad;
  let value = 0n;
  for (const octet of octets) {
    if (!/^[0-9]{1,3}$/.test(octet)) return bad;
    // "010" means 8 to some parsers (octal) and 10 to others; refuse rather than guess.
    if (octet.length > 1 && octet.startsWith("0")) {
      return { ok: false, message: `${text} is not an IPv4 address: leading zeros (${octet}) are ambiguous` };
    }
    const n = Number(octet);
    if (n > 255) return bad;
    value = (value << 8n) | BigInt(n);
  }
  return { ok: true, family: "ipv4", value };
}

function parseIpv6(text: string): HostResult {
  const bad = { ok: false as const, message: `${text} is not an IPv6 address` };
  const halves = text.split("::");
  if (halves.length > 2) return bad;

  const head = parseGroups(halves[0], halves.length === 1 ? "last" : "inner");
  const tail = halves.length === 2 ? parseGroups(halves[1], "last") : [];
  if (head === null || tail === null) return bad;

  const groups =
    halves.length === 1
      ? head
      : head.length + tail.length <= 7
        ? [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail]
        : null;
  if (groups === null || groups.length !== 8) return bad;

  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return { ok: true, family: "ipv6", value };
}

/** Colon-separated hex groups; the last group of the address may be a dotted IPv4 address (two groups). */
function parseGroups(text: string, position: "inner" | "last"): number[] | null {
  if (text === "") return [];
  const parts = text.split(":");
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (position === "last" && i === parts.length - 1 && part.includes(".")) {
      const v4 = parseIpv4(part);
      if (!v4.ok) return null;
      groups.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}
