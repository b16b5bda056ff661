import { analysisInterfaceName } from "./role-names";
import { parseAddressSpec } from "../address";
import type { AddressFamily } from "../address-format";
import {
  CONN_STATES,
  type AddressList,
  type AddressMatch,
  type Chain,
  type InterfaceMatch,
  type Rule,
} from "../schema";
import { fromInclusive, normalize, subtract, type IntervalSet } from "./interval-set";
import { ADDRESS_UNIVERSE, ALL_STATES, PORT_UNIVERSE, PROTO_UNIVERSE, type Box } from "./match-space";
import { condMask, icmpSet, ttlSet } from "./matcher-space";
import { ANY_NAME, NO_INTERFACE, intersectNames, onlyName, type NameSet } from "./name-set";

/**
 * Turns a rule into its match space: one box per address family it can match. Dimensions a rule leaves open
 * are the whole universe; a family in which some dimension is empty (an IPv4-only list in the IPv6 half of a
 * "both" rule, icmp in IPv6) gets no box, and the reason is kept for rules that end up with no box at all.
 */

export type CompiledRule = {
  /** Position in content.rules (0-based). */
  readonly index: number;
  readonly rule: Rule;
  readonly boxes: readonly Box[];
  /** Why a family got no box; only shown when `boxes` is empty. */
  readonly emptyReasons: readonly string[];
  readonly bounds: RuleBounds;
};

/**
 * Cheap bounding values over all of a rule's boxes. Two rules whose bounds are disjoint cannot share a
 * packet, which lets the analysis skip most pairs of a large rule set without touching the sets.
 */
export type RuleBounds = {
  readonly families: number;
  readonly states: number;
  readonly protoLo: number;
  readonly protoEnd: number;
  readonly dportLo: number;
  readonly dportEnd: number;
  readonly sportLo: number;
  readonly sportEnd: number;
  /** null = any name. */
  readonly inIf: string | null;
  readonly outIf: string | null;
  /**
   * Address hulls per family as doubles: [srcLo, srcEnd, dstLo, dstEnd] for IPv4 then IPv6. Rounding to a
   * double keeps order, so "end < lo" between rounded values still proves two ranges apart.
   */
  readonly hulls: Float64Array;
};

export type ResolvedLists = ReadonlyMap<string, Record<AddressFamily, IntervalSet<bigint>>>;

const FAMILY_BIT: Record<AddressFamily, number> = { ipv4: 1, ipv6: 2 };
const FAMILY_NAME: Record<AddressFamily, string> = { ipv4: "IPv4", ipv6: "IPv6" };

export function resolveAddressLists(lists: readonly AddressList[]): ResolvedLists {
  const resolved = new Map<string, Record<AddressFamily, IntervalSet<bigint>>>();
  for (const list of lists) {
    resolved.set(list.name, addressSets(list.entries.map((e) => e.address)));
  }
  return resolved;
}

export function compileRule(rule: Rule, index: number, lists: ResolvedLists): CompiledRule {
  const families: AddressFamily[] = rule.family === "both" ? ["ipv4", "ipv6"] : [rule.family];
  const boxes: Box[] = [];
  const emptyReasons: string[] = [];
  // Literal addresses are parsed once for both families.
  const sides = { src: resolveMatch(rule.src, lists), dst: resolveMatch(rule.dst, lists) };
  for (const family of families) {
    const built = buildBox(rule, family, sides);
    if (typeof built === "string") emptyReasons.push(built);
    else boxes.push(built);
  }
  return { index, rule, boxes, emptyReasons, bounds: boundsOf(rule, boxes) };
}

export function boundsOverlap(a: RuleBounds, b: RuleBounds): boolean {
  return (
    (a.families & b.families) !== 0 &&
    (a.states & b.states) !== 0 &&
    a.protoLo < b.protoEnd &&
    b.protoLo < a.protoEnd &&
    a.dportLo < b.dportEnd &&
    b.dportLo < a.dportEnd &&
    a.sportLo < b.sportEnd &&
    b.sportLo < a.sportEnd &&
    (a.inIf === null || b.inIf === null || a.inIf === b.inIf) &&
    (a.outIf === null || b.outIf === null || a.outIf === b.outIf) &&
    (((a.families & b.families & 1) !== 0 && hullsOverlap(a.hulls, b.hulls, 0)) ||
      ((a.families & b.families & 2) !== 0 && hullsOverlap(a.hulls, b.hulls, 4)))
  );
}

function hullsOverlap(a: Float64Array, b: Float64Array, at: number): boolean {
  return !(a[at + 1] < b[at] || b[at + 1] < a[at] || a[at + 3] < b[at + 2] || b[at + 3] < a[at + 2]);
}

type ResolvedMatch = { match: AddressMatch; sets: Record<AddressFamily, IntervalSet<bigint>> | null };

function resolveMatch(match: AddressMatch, lists: ResolvedLists): ResolvedMatch {
  if (match.kind === "any") return { match, sets: null };
  // An unknown list (content that failed validation) matches nothing, so nothing is claimed because of it.
  const sets = match.kind === "list" ? (lists.get(match.list) ?? { ipv4: [], ipv6: [] }) : addressSets(match.values);
  return { match, sets };
}

function buildBox(rule: Rule, family: AddressFamily, sides: { src: ResolvedMatch; dst: ResolvedMatch }): Box | string {
  const hasPorts = rule.srcPorts.length > 0 || rule.dstPorts.length > 0;
  const proto = protocolSet(rule.protocol, family, hasPorts);
  if (proto.length === 0) return protocolReason(rule, family);

  const src = addressSet(sides.src, family);
  if (src.length === 0) return addressReason("source", rule.src, family);
  const dst = addressSet(sides.dst, family);
  if (dst.length === 0) return addressReason("destination", rule.dst, family);

  const inIf = interfaceSet(rule.inInterface, rule.chain, "in");
  if (inIf.names.length === 0 && !inIf.except) return "in-interface is never set on the output chain";
  const outIf = interfaceSet(rule.outInterface, rule.chain, "out");
  if (outIf.names.length === 0 && !outIf.except) return "out-interface is never set on the input chain";

  return {
    family,
    states: stateMask(rule.states),
    inIf,
    outIf,
    proto,
    dport: portSet(rule.dstPorts),
    sport: portSet(rule.srcPorts),
    src,
    dst,
    icmp: icmpSet(rule),
    ttl: ttlSet(rule),
    cond: condMask(rule),
  };
}

const PROTOCOL_NUMBER = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 } as const;

// Sets are never mutated, so rules that ask for the same protocol share one.
const protocolSets = new Map<string, IntervalSet<number>>();

function protocolSet(protocol: Rule["protocol"], family: AddressFamily, hasPorts: boolean): IntervalSet<number> {
  const key = `${protocol} ${family} ${hasPorts}`;
  let set = protocolSets.get(key);
  if (set === undefined) {
    set = buildProtocolSet(protocol, family, hasPorts);
    protocolSets.set(key, set);
  }
  return set;
}

function buildProtocolSet(protocol: Rule["protocol"], family: AddressFamily, hasPorts: boolean): IntervalSet<number> {
  let set: IntervalSet<number>;
  if (protocol === "any") set = PROTO_UNIVERSE;
  else if (protocol === "icmp" && family === "ipv6") set = [];
  else if (protocol === "icmpv6" && family === "ipv4") set = [];
  else {
    const n = typeof protocol === "number" ? protocol : PROTOCOL_NUMBER[protocol];
    set = [n, n + 1];
  }
  // Ports exist only in tcp and udp headers: a rule with ports never matches any other protocol.
  if (hasPorts) set = subtract(set, subtract(PROTO_UNIVERSE, [6, 7, 17, 18]));
  return set;
}

function protocolReason(rule: Rule, family: AddressFamily): string {
  if (rule.protocol === "icmp" || rule.protocol === "icmpv6")
    return `protocol ${rule.protocol} does not exist in ${FAMILY_NAME[family]}`;
  return `ports need protocol tcp or udp, and the protocol is ${rule.protocol}`;
}

function addressSet({ match, sets }: ResolvedMatch, family: AddressFamily): IntervalSet<bigint> {
  if (match.kind === "any" || sets === null) return ADDRESS_UNIVERSE[family];
  return match.negate ? subtract(ADDRESS_UNIVERSE[family], sets[family]) : sets[family];
}

function addressReason(side: "source" | "destination", match: AddressMatch, family: AddressFamily): string {
  const name = FAMILY_NAME[family];
  if (match.kind === "list") {
    return match.negate
      ? `${side} list '${match.list}' excludes every ${name} address`
      : `${side} list '${match.list}' has no ${name} entries`;
  }
  if (match.kind === "any") return `${side} matches no ${name} address`;
  return match.negate ? `${side} excludes every ${name} address` : `${side} has no ${name} addresses`;
}

/** Address texts to one interval set per family; texts that do not parse were already refused by the schema. */
function addressSets(texts: readonly string[]): Record<AddressFamily, IntervalSet<bigint>> {
  const ranges: Record<AddressFamily, [bigint, bigint][]> = { ipv4: [], ipv6: [] };
  for (const text of texts) {
    const quick = parseIpv4Quick(text);
    if (quick !== null) {
      ranges.ipv4.push(quick);
      continue;
    }
    const spec = parseAddressSpec(text);
    if (spec.ok) ranges[spec.family].push([spec.from, spec.to + 1n]);
  }
  return { ipv4: normalize(ranges.ipv4), ipv6: normalize(ranges.ipv6) };
}

/**
 * The half-open range of a plain IPv4 address or prefix ("10.1.2.3", "10.1.2.0/24") written the one way
 * parseAddressSpec accepts it, or null for anything else (which then goes through parseAddressSpec). Most
 * addresses look like this, and parsing them here skips the general parser's splits, regexes and bigints.
 */
export function parseIpv4Quick(text: string): [bigint, bigint] | null {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // "010" is refused by parseAddressSpec as ambiguous, so a leading zero leaves the quick path.
      if (digits === 1 && octet === 0) return null;
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return null;
    } else if (c === 46 || c === 47) {
      if (digits === 0) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      if (c === 47) break;
      if (++dots > 3) return null;
    } else {
      return null;
    }
  }
  if (dots !== 3) return null;
  if (i === text.length) {
    if (digits === 0) return null;
    value = value * 256 + octet;
    return [BigInt(value), BigInt(value + 1)];
  }
  // A prefix length after the "/": 0-32 without leading zeros, host bits clear.
  const lengthText = text.slice(i + 1);
  if (!/^(0|[1-9][0-9]?)$/.test(lengthText)) return null;
  const length = Number(lengthText);
  if (length > 32) return null;
  const size = 2 ** (32 - length);
  if (value % size !== 0) return null;
  return [BigInt(value), BigInt(value + size)];
}

function portSet(ranges: Rule["dstPorts"]): IntervalSet<number> {
  if (ranges.length === 0) return PORT_UNIVERSE;
  if (ranges.length === 1 && ranges[0].from <= ranges[0].to) return [ranges[0].from, ranges[0].to + 1];
  return fromInclusive(
    ranges.map((r) => [r.from, r.to] as const),
    1,
  );
}

function stateMask(states: Rule["states"]): number {
  if (states.length === 0) return ALL_STATES;
  let mask = 0;
  for (const s of states) mask |= 1 << CONN_STATES.indexOf(s);
  return mask;
}

/** Packets on input have no out-interface and packets on output no in-interface. */
function interfaceSet(match: InterfaceMatch | null, chain: Chain, direction: "in" | "out"): NameSet {
  const name = analysisInterfaceName(match);
  const set = name === null ? ANY_NAME : onlyName(name);
  const absent = (direction === "in" && chain === "output") || (direction === "out" && chain === "input");
  return absent ? intersectNames(set, onlyName(NO_INTERFACE)) : set;
}

function boundsOf(rule: Rule, boxes: readonly Box[]): RuleBounds {
  let families = 0;
  let states = 0;
  let protoLo = Infinity;
  let protoEnd = -Infinity;
  let dportLo = Infinity;
  let dportEnd = -Infinity;
  let sportLo = Infinity;
  let sportEnd = -Infinity;
  const hulls = new Float64Array(8);
  for (const b of boxes) {
    const at = b.family === "ipv4" ? 0 : 4;
    hulls[at] = Number(b.src[0]);
    hulls[at + 1] = Number(b.src[b.src.length - 1]);
    hulls[at + 2] = Number(b.dst[0]);
    hulls[at + 3] = Number(b.dst[b.dst.length - 1]);
    families |= FAMILY_BIT[b.family];
    states |= b.states;
    protoLo = Math.min(protoLo, b.proto[0]);
    protoEnd = Math.max(protoEnd, b.proto[b.proto.length - 1]);
    dportLo = Math.min(dportLo, b.dport[0]);
    dportEnd = Math.max(dportEnd, b.dport[b.dport.length - 1]);
    sportLo = Math.min(sportLo, b.sport[0]);
    sportEnd = Math.max(sportEnd, b.sport[b.sport.length - 1]);
  }
  return {
    families,
    states,
    protoLo,
    protoEnd,
    dportLo,
    dportEnd,
    sportLo,
    sportEnd,
    inIf: analysisInterfaceName(rule.inInterface),
    outIf: analysisInterfaceName(rule.outInterface),
    hulls,
  };
}
