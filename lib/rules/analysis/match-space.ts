import type { AddressFamily } from "../address-format";
import { CONN_STATES } from "../schema";
import * as intervalSet from "./interval-set";
import type { IntervalSet } from "./interval-set";
import * as nameSet from "./name-set";
import type { NameSet } from "./name-set";

// Read once: tsx's CommonJS output reads an imported binding through a getter at every use, and the box
// operations below are the analysis's hot path.
const { hasValue, intersect, isSubset, maxValue, minValue, overlaps, subtract } = intervalSet;
const { hasName, intersectNames, isSubsetNames, namesOverlap, someName, subtractNames } = nameSet;

/**
 * A rule's match space is a union of boxes. A box fixes the address family and takes, in every other
 * dimension, a set of values; it holds every packet whose fields each lie in their set. Boxes carry sets rather
 * than single ranges so "tcp to 22, 80, 443" or a 40-entry address list stays one box.
 *
 * Ports: rules with ports are narrowed to tcp/udp when normalized, so for every other protocol all boxes
 * span every port and a packet without ports is represented by any port value (0 is used). ICMP type/code
 * (`icmp` = type * 256 + code) works the same way: a rule with ICMP types matches only its ICMP protocol.
 * `ttl` is the TTL (IPv4) or hop limit (IPv6). `cond` is a mask over the four combinations of two facts a
 * packet carries: whether its connection was dst-natted, and whether it is over a rate limit (COND_* bits).
 */

export type Box = {
  readonly family: AddressFamily;
  /** Bit i set = CONN_STATES[i] included. */
  readonly states: number;
  readonly inIf: NameSet;
  readonly outIf: NameSet;
  readonly proto: IntervalSet<number>;
  readonly dport: IntervalSet<number>;
  readonly sport: IntervalSet<number>;
  readonly src: IntervalSet<bigint>;
  readonly dst: IntervalSet<bigint>;
  readonly icmp: IntervalSet<number>;
  readonly ttl: IntervalSet<number>;
  readonly cond: number;
};

/** One concrete packet in the same numeric terms as a box. `state` indexes CONN_STATES. */
export type PacketPoint = {
  family: AddressFamily;
  state: number;
  inIf: string;
  outIf: string;
  proto: number;
  sport: number;
  dport: number;
  src: bigint;
  dst: bigint;
  icmp: number;
  ttl: number;
  /** Index of the combination: bit 0 = dst-natted, bit 1 = over the rate limit. */
  cond: number;
};

export const ALL_STATES = (1 << CONN_STATES.length) - 1;
export const ICMP_UNIVERSE: IntervalSet<number> = [0, 65536];
export const TTL_UNIVERSE: IntervalSet<number> = [0, 256];
/** cond bits: combination index (natted ? 1 : 0) + (over ? 2 : 0). */
export const ALL_CONDS = 0b1111;
export const PROTO_UNIVERSE: IntervalSet<number> = [0, 256];
export const PORT_UNIVERSE: IntervalSet<number> = [0, 65536];
export const ADDRESS_UNIVERSE: Record<AddressFamily, IntervalSet<bigint>> = {
  ipv4: [0n, 1n << 32n],
  ipv6: [0n, 1n << 128n],
};

export function boxesOverlap(a: Box, b: Box): boolean {
  return (
    a.family === b.family &&
    (a.states & b.states) !== 0 &&
    setsMeet(a.proto, b.proto) &&
    setsMeet(a.dport, b.dport) &&
    setsMeet(a.sport, b.sport) &&
    setsMeet(a.src, b.src) &&
    setsMeet(a.dst, b.dst) &&
    namesOverlap(a.inIf, b.inIf) &&
    namesOverlap(a.outIf, b.outIf) &&
    (a.cond & b.cond) !== 0 &&
    setsMeet(a.icmp, b.icmp) &&
    setsMeet(a.ttl, b.ttl)
  );
}

/** overlaps(), answering the common case of two single intervals (a hot path) without the general walk. */
function setsMeet<T extends number | bigint>(a: IntervalSet<T>, b: IntervalSet<T>): boolean {
  return a.length === 2 && b.length === 2 ? a[0] < b[1] && b[0] < a[1] : overlaps(a, b);
}

/** a ∩ b, or null when they share no packet. */
export function intersectBox(a: Box, b: Box): Box | null {
  if (!boxesOverlap(a, b)) return null;
  return makeBox(
    a.family,
    a.states & b.states,
    intersectNames(a.inIf, b.inIf),
    intersectNames(a.outIf, b.outIf),
    intersect(a.proto, b.proto),
    intersect(a.dport, b.dport),
    intersect(a.sport, b.sport),
    intersect(a.src, b.src),
    intersect(a.dst, b.dst),
    intersect(a.icmp, b.icmp),
    intersect(a.ttl, b.ttl),
    a.cond & b.cond,
  );
}

/** Every box built in one shape, so the hot code that reads them sees a single hidden class. */
function makeBox(
  family: AddressFamily,
  states: number,
  inIf: NameSet,
  outIf: NameSet,
  proto: IntervalSet<number>,
  dport: IntervalSet<number>,
  sport: IntervalSet<number>,
  src: IntervalSet<bigint>,
  dst: IntervalSet<bigint>,
  icmp: IntervalSet<number>,
  ttl: IntervalSet<number>,
  cond: number,
): Box {
  return { family, states, inIf, outIf, proto, dport, sport, src, dst, icmp, ttl, cond };
}

/** In how many dimensions b holds all of a; a cutter that holds more of a box leaves fewer pieces. */
export function containedDimensions(a: Box, b: Box): number {
  if (a.family !== b.family) return 0;
  return (
    Number((a.states & ~b.states) === 0) +
    Number(isSubsetNames(a.inIf, b.inIf)) +
    Number(isSubsetNames(a.outIf, b.outIf)) +
    Number(isSubset(a.proto, b.proto)) +
    Number(isSubset(a.dport, b.dport)) +
    Number(isSubset(a.sport, b.sport)) +
    Number(isSubset(a.src, b.src)) +
    Number(isSubset(a.dst, b.dst)) +
    Number(isSubset(a.icmp, b.icmp)) +
    Number(isSubset(a.ttl, b.ttl)) +
    Number((a.cond & ~b.cond) === 0)
  );
}

/**
 * a \ b as disjoint boxes: peel off, one dimension at a time, the part of `a` outside `b` in that dimension
 * (keeping the dimensions already peeled narrowed to `b`). At most one piece per dimension.
 */
export function subtractBox(a: Box, b: Box): Box[] {
  return boxesOverlap(a, b) ? subtractOverlappingBox(a, b) : [a];
}

/** subtractBox for boxes already known to overlap. */
export function subtractOverlappingBox(a: Box, b: Box): Box[] {
  const pieces: Box[] = [];
  // The part of `a` still inside `b` in the dimensions peeled so far, kept in locals: a box is only built
  // for each piece that leaves (inline, not through a closure: tsx names every closure it creates).
  const family = a.family;
  let { states, inIf, outIf, proto, dport, sport, src, icmp, ttl } = a;
  const { dst, cond } = a;

  if ((states & ~b.states) !== 0) {
    const rest = states & ~b.states;
    pieces.push(makeBox(family, rest, inIf, outIf, proto, dport, sport, src, dst, icmp, ttl, cond));
    states &= b.states;
  }
  if (!isSubsetNames(inIf, b.inIf)) {
    const rest = subtractNames(inIf, b.inIf);
    pieces.push(makeBox(family, states, rest, outIf, proto, dport, sport, src, dst, icmp, ttl, cond));
    inIf = intersectNames(inIf, b.inIf);
  }
  if (!isSubsetNames(outIf, b.outIf)) {
    const rest = subtractNames(outIf, b.outIf);
    pieces.push(makeBox(family, states, inIf, rest, proto, dport, sport, src, dst, icmp, ttl, cond));
    outIf = intersectNames(outIf, b.outIf);
  }
  if (!isSubset(proto, b.proto)) {
    const rest = subtract(proto, b.proto);
    pieces.push(makeBox(family, states, inIf, outIf, rest, dport, sport, src, dst, icmp, ttl, cond));
    proto = intersect(proto, b.proto);
  }
  if (!isSubset(dport, b.dport)) {
    const rest = subtract(dport, b.dport);
    pieces.push(makeBox(family, states, inIf, outIf, proto, rest, sport, src, dst, icmp, ttl, cond));
    dport = intersect(dport, b.dport);
  }
  if (!isSubset(sport, b.sport)) {
    const rest = subtract(sport, b.sport);
    pieces.push(makeBox(family, states, inIf, outIf, proto, dport, rest, src, dst, icmp, ttl, cond));
    sport = intersect(sport, b.sport);
  }
  if (!isSubset(src, b.src)) {
    const rest = subtract(src, b.src);
    pieces.push(makeBox(family, states, inIf, outIf, proto, dport, sport, rest, dst, icmp, ttl, cond));
    src = intersect(src, b.src);
  }
  if (!isSubset(icmp, b.icmp)) {
    const rest = subtract(icmp, b.icmp);
    pieces.push(makeBox(family, states, inIf, outIf, proto, dport, sport, src, dst, rest, ttl, cond));
    icmp = intersect(icmp, b.icmp);
  }
  if (!isSubset(ttl, b.ttl)) {
    const rest = subtract(ttl, b.ttl);
    pieces.push(makeBox(family, states, inIf, outIf, proto, dport, sport, src, dst, icmp, rest, cond));
    ttl = intersect(ttl, b.ttl);
  }
  if ((cond & ~b.cond) !== 0) {
    pieces.push(makeBox(family, states, inIf, outIf, proto, dport, sport, src, dst, icmp, ttl, cond & ~b.cond));
  }
  if (!isSubset(dst, b.dst)) {
    const rest = subtract(dst, b.dst);
    pieces.push(makeBox(family, states, inIf, outIf, proto, dport, sport, src, rest, icmp, ttl, cond & b.cond));
  }
  return pieces;
}

export function boxHasPoint(box: Box, p: PacketPoint): boolean {
  return (
    box.family === p.family &&
    (box.states & (1 << p.state)) !== 0 &&
    hasValue(box.proto, p.proto) &&
    hasValue(box.dport, p.dport) &&
    hasValue(box.sport, p.sport) &&
    hasName(box.inIf, p.inIf) &&
    hasName(box.outIf, p.outIf) &&
    hasValue(box.src, p.src) &&
    hasValue(box.dst, p.dst) &&
    (box.cond & (1 << p.cond)) !== 0 &&
    hasValue(box.icmp, p.icmp) &&
    hasValue(box.ttl, p.ttl)
  );
}

const PORT_PROTOCOLS = [6, 17];

/** Whether packets of this protocol carry an ICMP type the rules can match (icmp in IPv4, icmpv6 in IPv6). */
export function isIcmp(proto: number, family: AddressFamily): boolean {
  return family === "ipv4" ? proto === 1 : proto === 58;
}

/** The packet at the box's low corner (or high corner), with ports zeroed for protocols without ports. */
export function cornerPoint(box: Box, corner: "low" | "high"): PacketPoint {
  const low = corner === "low";
  const proto = low ? minValue(box.proto) : maxValue(box.proto, 1);
  const ports = proto === 6 || proto === 17;
  return {
    family: box.family,
    state: low ? lowestBit(box.states) : highestBit(box.states),
    inIf: someName(box.inIf),
    outIf: someName(box.outIf),
    proto,
    sport: ports ? (low ? minValue(box.sport) : maxValue(box.sport, 1)) : 0,
    dport: ports ? (low ? minValue(box.dport) : maxValue(box.dport, 1)) : 0,
    src: low ? minValue(box.src) : maxValue(box.src, 1n),
    dst: low ? minValue(box.dst) : maxValue(box.dst, 1n),
    icmp: isIcmp(proto, box.family) ? (low ? minValue(box.icmp) : maxValue(box.icmp, 1)) : 0,
    ttl: low ? minValue(box.ttl) : maxValue(box.ttl, 1),
    cond: low ? lowestBit(box.cond) : highestBit(box.cond),
  };
}

/** A packet drawn from the box with `random` (a [0, 1) source), for quick witnesses. */
export function randomPoint(box: Box, random: () => number): PacketPoint {
  const proto = randomNumberIn(box.proto, random);
  const ports = PORT_PROTOCOLS.includes(proto);
  return {
    family: box.family,
    state: nthBit(box.states, Math.floor(random() * bitCount(box.states))),
    inIf: someName(box.inIf),
    outIf: someName(box.outIf),
    proto,
    sport: ports ? randomNumberIn(box.sport, random) : 0,
    dport: ports ? randomNumberIn(box.dport, random) : 0,
    src: randomBigintIn(box.src, random),
    dst: randomBigintIn(box.dst, random),
    icmp: isIcmp(proto, box.family) ? randomNumberIn(box.icmp, random) : 0,
    ttl: randomNumberIn(box.ttl, random),
    cond: nthBit(box.cond, Math.floor(random() * bitCount(box.cond))),
  };
}

function randomNumberIn(set: IntervalSet<number>, random: () => number): number {
  const i = 2 * Math.floor((random() * set.length) / 2);
  return set[i] + Math.floor(random() * (set[i + 1] - set[i]));
}

const TWO_TO_32 = 1n << 32n;

/** An offset of five 32-bit draws modulo the span, as numbers when the span allows (bigint ops allocate). */
function randomBigintIn(set: IntervalSet<bigint>, random: () => number): bigint {
  const i = 2 * Math.floor((random() * set.length) / 2);
  const span = set[i + 1] - set[i];
  if (span <= TWO_TO_32) {
    // acc < s <= 2^32, so acc * 2^16 and the sums below stay under 2^53: exact in doubles.
    const s = Number(span);
    let acc = 0;
    for (let k = 0; k < 5; k++) {
      acc = (((acc * 65536) % s) * 65536) % s;
      acc = (acc + Math.floor(random() * 2 ** 32)) % s;
    }
    return set[i] + BigInt(acc);
  }
  let r = 0n;
  for (let k = 0; k < 5; k++) r = (r << 32n) | BigInt(Math.floor(random() * 2 ** 32));
  return set[i] + (r % span);
}

function bitCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}

/** The index of the n-th (from 0) set bit of `mask`, counting from the lowest. */
function nthBit(mask: number, n: number): number {
  let m = mask;
  for (let k = 0; k < n; k++) m &= m - 1;
  return lowestBit(m);
}

function lowestBit(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}

function highestBit(mask: number): number {
  return 31 - Math.clz32(mask);
}
