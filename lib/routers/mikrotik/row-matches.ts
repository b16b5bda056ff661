import { parsePorts } from "@/lib/rules/ports";
import type { AddressMatch, Rule } from "@/lib/rules/schema";
import { protocolNumber } from "./firewall-props";

/** Why a router row cannot be held by the model, and which property says so. */
export type Skip = { field?: string; reason: string };

const NAMED: Record<string, Rule["protocol"]> = {
  tcp: "tcp",
  udp: "udp",
  icmp: "icmp",
  icmpv6: "icmpv6",
  "ipv6-icmp": "icmpv6",
};
const BY_NUMBER: Record<number, Rule["protocol"]> = { 6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6" };

/** `protocol=` as the model's protocol: a name, or a number up to 255; a negated one cannot be held. */
export function protocolOfRow(raw: Record<string, string>): Rule["protocol"] | Skip {
  if (raw.protocol === undefined) return "any";
  if (raw.protocol.startsWith("!"))
    return { field: "protocol", reason: `protocol=${raw.protocol}: a negated protocol cannot be expressed` };
  const n = protocolNumber(raw.protocol);
  const named = NAMED[raw.protocol] ?? (n !== undefined ? BY_NUMBER[n] : undefined);
  if (named) return named;
  if (n !== undefined && n <= 255) return n;
  return { field: "protocol", reason: `protocol=${raw.protocol} is not a protocol Rampart knows the number of` };
}

/**
 * `src-/dst-address` or `-address-list` (negated with `!`) as the model's address matches. `expand` turns a
 * list Rampart built for one rule back into its addresses (null: an ordinary list).
 */
export function addressesOfRow(
  raw: Record<string, string>,
  expand: (list: string) => string[] | Skip | null = () => null,
): Record<"src" | "dst", AddressMatch> | Skip {
  const sides: Record<"src" | "dst", AddressMatch> = { src: { kind: "any" }, dst: { kind: "any" } };
  for (const side of ["src", "dst"] as const) {
    const addr = raw[`${side}-address`];
    const list = raw[`${side}-address-list`];
    if (addr !== undefined && list !== undefined)
      return {
        field: `${side}-address-list`,
        reason: `both ${side}-address and ${side}-address-list on one rule cannot be expressed`,
      };
    if (addr !== undefined) {
      const negate = addr.startsWith("!");
      sides[side] = { kind: "addresses", values: [negate ? addr.slice(1) : addr], negate };
    } else if (list !== undefined) {
      const negate = list.startsWith("!");
      const name = negate ? list.slice(1) : list;
      const values = expand(name);
      if (values === null) sides[side] = { kind: "list", list: name, negate };
      else if ("reason" in values) return { ...values, field: `${side}-address-list` };
      else sides[side] = { kind: "addresses", values, negate };
    }
  }
  return sides;
}

/** `src-/dst-port` as port ranges; a negated port list cannot be held. */
export function portsOfRow(raw: Record<string, string>): Record<"src" | "dst", Rule["srcPorts"]> | Skip {
  const ports: Record<"src" | "dst", Rule["srcPorts"]> = { src: [], dst: [] };
  for (const side of ["src", "dst"] as const) {
    const text = raw[`${side}-port`];
    if (text === undefined) continue;
    if (text.startsWith("!"))
      return { field: `${side}-port`, reason: `${side}-port=${text}: negated ports cannot be expressed` };
    const parsed = parsePorts(text);
    if (!parsed.ok) return { field: `${side}-port`, reason: parsed.message };
    ports[side] = parsed.ranges;
  }
  return ports;
}
