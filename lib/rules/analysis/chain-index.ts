import type { CompiledRule } from "./compile-rule";
import * as intervalSet from "./interval-set";
import * as matchSpace from "./match-space";
import type { Box, PacketPoint } from "./match-space";

// Read once: tsx's CommonJS output reads an imported binding through a getter at every use.
const { hasValue } = intervalSet;
const { boxHasPoint, boxesOverlap } = matchSpace;

/**
 * Lookups in one chain that would otherwise scan every rule: the first rule matching a packet, and the rules
 * that may share a packet with a region. Each rule box is filed on a shelf by family and protocol class (tcp,
 * udp, other), and on that shelf under the keys of its most selective dimension: its destination ports, its
 * destination networks or its source networks (a network is an IPv4 /24 or an IPv6 /64), whichever has
 * fewest keys, or as "wide" when none is short. A lookup then visits only its own keys plus the wide rules.
 *
 * A lookup visits a hundred or so candidates for the few that really overlap, so candidates are first tested
 * against numeric hulls of every box (typed arrays, no bigint, no allocation) and only the survivors against
 * the exact sets.
 */

const MAX_KEYS = 64;
/** Keys of a query box worth looking up in one dimension; past this the dimension is not used to narrow. */
const MAX_QUERY_KEYS = 256;
const PORT_PROTOCOLS = [6, 17] as const;
/** dport, dst, src: in this order of preference when a box has as few keys in two of them. */
const DIMENSION_COUNT = 3;
const DPORT = 0;
const DST = 1;
const SHELF_COUNT = 6;
const ANY_INTERFACE = -1;
const UNKNOWN_INTERFACE = -2;

/**
 * A box's hull as doubles: family (1 IPv4, 2 IPv6), states, then [lo, end) of proto, dport, sport, src, dst.
 * Addresses are rounded to doubles, which keeps their order, so for them "lo <= end" is the test that cannot
 * wrongly part two overlapping ranges; the other values are exact.
 */
const HULL = 12;

type Shelf = {
  /** For firstMatch: each box under the keys of its most selective dimension, or as wide. */
  wide: number[];
  byKey: Map<number, number[]>[];
  /** For overlapping: bitsets of the positions with a box here, and of those spanning a whole dimension. */
  members: Int32Array;
  wideIn: Int32Array[];
  /** For overlapping: every box under its keys in every dimension it has few keys in. */
  keyedIn: Map<number, number[]>[];
};

/** A box's shelves and, per dimension, its keys (null when it spans more than MAX_QUERY_KEYS). */
type BoxKeys = { shelves: readonly number[]; dims: readonly (readonly number[] | null)[] };

export class ChainIndex {
  private readonly shelves: (Shelf | undefined)[] = new Array(SHELF_COUNT).fill(undefined);
  /** Hulls of every rule box, the boxes of position p at [boxStart[p], boxStart[p + 1]). */
  private readonly hulls: Float64Array;
  private readonly boxStart: Int32Array;
  private readonly states: Int32Array;
  private readonly inIf: Int32Array;
  private readonly outIf: Int32Array;
  private readonly interfaceIds = new Map<string, number>();
  /** Keys of every rule box, in the order of `hulls`. */
  private readonly keys: BoxKeys[] = [];
  /**
   * Address sets of every rule box as doubles (see addressesMeet), box k's source at [addressStart[2k],
   * addressStart[2k + 1]) and its destination up to addressStart[2k + 2].
   */
  private readonly addresses: Float64Array;
  private readonly addressStart: Int32Array;
  /** Scratch bitsets over positions: the candidates (all zero between calls), and two work rows. */
  private readonly marks: Int32Array;
  private readonly shared: Int32Array;
  private readonly row: Int32Array;
  private readonly words: number;
  private queryHulls = new Float64Array(HULL * 8);
  /** Address sets of the current query's boxes as doubles, made the first time a hull test passes. */
  private readonly queryAddresses: (Float64Array | undefined)[] = [];

  constructor(private readonly rules: readonly CompiledRule[]) {
    const n = rules.length;
    this.words = (n >> 5) + 1;
    this.marks = new Int32Array(this.words);
    this.shared = new Int32Array(this.words);
    this.row = new Int32Array(this.words);
    this.boxStart = new Int32Array(n + 1);
    this.states = new Int32Array(n);
    this.inIf = new Int32Array(n);
    this.outIf = new Int32Array(n);
    let boxCount = 0;
    let addressCount = 0;
    for (let p = 0; p < n; p++) {
      this.boxStart[p] = boxCount;
      const boxes = rules[p].boxes;
      boxCount += boxes.length;
      for (let b = 0; b < boxes.length; b++) addressCount += boxes[b].src.length + boxes[b].dst.length;
    }
    this.boxStart[n] = boxCount;
    this.hulls = new Float64Array(boxCount * HULL);
    this.addresses = new Float64Array(addressCount);
    this.addressStart = new Int32Array(2 * boxCount + 1);
    this.addressStart[2 * boxCount] = addressCount;
    addressCount = 0;
    for (let p = 0; p < n; p++) {
      const rule = rules[p];
      this.states[p] = rule.bounds.states;
      this.inIf[p] = this.interfaceId(rule.bounds.inIf, true);
      this.outIf[p] = this.interfaceId(rule.bounds.outIf, true);
      const boxes = rule.boxes;
      for (let b = 0; b < boxes.length; b++) {
        const k = this.boxStart[p] + b;
        writeHull(boxes[b], this.hulls, k * HULL);
        this.addressStart[2 * k] = addressCount;
        this.addressStart[2 * k + 1] = addressCount + boxes[b].src.length;
        addressCount = writeAddresses(boxes[b], this.addresses, addressCount);
        const keys = keysOf(boxes[b]);
        this.keys.push(keys);
        this.file(keys, p);
      }
    }
  }

  /** Position of the first rule in [from, to) that matches `point`, or -1. */
  firstMatch(from: number, to: number, point: PacketPoint, hidden: Int32Array | null = null): number {
    const shelf = this.shelves[shelfId(point.family === "ipv4" ? 0 : 1, point.proto)];
    if (shelf === undefined || from >= to) return -1;
    const probe = probeOf(point, this.interfaceId(point.inIf, false), this.interfaceId(point.outIf, false));
    let best = this.scan(shelf.wide, from, to, point, probe, hidden);
    for (let dim = 0; dim < DIMENSION_COUNT; dim++) {
      const list = shelf.byKey[dim].get(pointKey(point, dim, probe));
      if (list === undefined) continue;
      const found = this.scan(list, from, best === -1 ? to : best, point, probe, hidden);
      if (found !== -1) best = found;
    }
    return best;
  }

  /**
   * The rules in [from, to) that share at least one packet with `boxes`, in order. `boxes` must lie within
   * the match space of the rule at position `owner`, whose boxes choose the keys to visit and whose
   * interfaces rule out others.
   *
   * Candidates are the rules that, on a shelf of an owner box, meet it in every dimension where that box has
   * few keys: per dimension, the rules wide in it or filed under one of its keys, as bitsets ANDed together.
   * Positions set in `hidden` are left out. Without `exact`, rules whose hulls and addresses meet `boxes` are
   * returned without the last, exact test: for callers that test every candidate exactly anyway.
   */
  overlapping(
    boxes: readonly Box[],
    owner: number,
    from: number,
    to: number,
    hidden: Int32Array | null = null,
    exact = true,
  ): CompiledRule[] {
    const found: CompiledRule[] = [];
    if (from >= to || boxes.length === 0) return found;
    const lo = from >> 5;
    const hi = (to - 1) >> 5;
    for (let k = this.boxStart[owner]; k < this.boxStart[owner + 1]; k++) {
      const keys = this.keys[k];
      for (const id of keys.shelves) {
        const shelf = this.shelves[id];
        if (shelf !== undefined) this.markShelf(shelf, keys, from, to);
      }
    }

    if (this.queryHulls.length < boxes.length * HULL) this.queryHulls = new Float64Array(boxes.length * HULL * 2);
    const query = this.queryHulls;
    for (let a = 0; a < boxes.length; a++) writeHull(boxes[a], query, a * HULL);
    this.queryAddresses.length = 0;
    this.queryAddresses.length = boxes.length;
    const inIf = this.inIf[owner];
    const outIf = this.outIf[owner];

    const marks = this.marks;
    for (let w = lo; w <= hi; w++) {
      let word = marks[w];
      if (word === 0) continue;
      marks[w] = 0;
      if (hidden !== null) word &= ~hidden[w];
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        word &= word - 1;
        const p = (w << 5) | bit;
        if (!sameInterface(inIf, this.inIf[p]) || !sameInterface(outIf, this.outIf[p])) continue;
        if (this.overlapsAny(boxes, query, p, exact)) found.push(this.rules[p]);
      }
    }
    return found;
  }

  /** Adds to `marks` the positions in [from, to) with a box on `shelf` that meets the keys of a query box. */
  private markShelf(shelf: Shelf, keys: BoxKeys, from: number, to: number): void {
    const lo = from >> 5;
    const hi = (to - 1) >> 5;
    const shared = this.shared;
    const row = this.row;
    for (let w = lo; w <= hi; w++) shared[w] = shelf.members[w];
    shared[lo] &= -1 << (from & 31);
    if ((to & 31) !== 0) shared[hi] &= (1 << (to & 31)) - 1;
    for (let dim = 0; dim < DIMENSION_COUNT; dim++) {
      const list = keys.dims[dim];
      if (list === null || list.length > MAX_QUERY_KEYS) continue;
      const wide = shelf.wideIn[dim];
      for (let w = lo; w <= hi; w++) row[w] = wide[w];
      const keyedIn = shelf.keyedIn[dim];
      for (let k = 0; k < list.length; k++) {
        const filed = keyedIn.get(list[k]);
        if (filed === undefined) continue;
        for (let j = from === 0 ? 0 : lowerBound(filed, from); j < filed.length; j++) {
          const p = filed[j];
          if (p >= to) break;
          row[p >> 5] |= 1 << (p & 31);
        }
      }
      for (let w = lo; w <= hi; w++) shared[w] &= row[w];
    }
    const marks = this.marks;
    for (let w = lo; w <= hi; w++) marks[w] |= shared[w];
  }

  private overlapsAny(boxes: readonly Box[], query: Float64Array, p: number, exact: boolean): boolean {
    const hulls = this.hulls;
    const ruleBoxes = this.rules[p].boxes;
    const first = this.boxStart[p];
    const addresses = this.addresses;
    const addressStart = this.addressStart;
    for (let b = 0; b < ruleBoxes.length; b++) {
      const k = first + b;
      for (let a = 0; a < boxes.length; a++) {
        if (!hullsMeet(query, a * HULL, hulls, k * HULL)) continue;
        let own = this.queryAddresses[a];
        if (own === undefined) {
          own = new Float64Array(boxes[a].src.length + boxes[a].dst.length);
          writeAddresses(boxes[a], own);
          this.queryAddresses[a] = own;
        }
        const srcEnd = boxes[a].src.length;
        if (
          addressesMeet(own, srcEnd, own.length, addresses, addressStart[2 * k + 1], addressStart[2 * k + 2]) &&
          addressesMeet(own, 0, srcEnd, addresses, addressStart[2 * k], addressStart[2 * k + 1]) &&
          (!exact || boxesOverlap(boxes[a], ruleBoxes[b]))
        ) {
          return true;
        }
      }
    }
    return false;
  }

  private file(keys: BoxKeys, position: number): void {
    let bestDim = -1;
    let bestKeys: readonly number[] | null = null;
    for (let dim = 0; dim < DIMENSION_COUNT; dim++) {
      const dimKeys = keys.dims[dim];
      if (dimKeys !== null && dimKeys.length <= MAX_KEYS && (bestKeys === null || dimKeys.length < bestKeys.length)) {
        bestDim = dim;
        bestKeys = dimKeys;
      }
    }
    const word = position >> 5;
    const bit = 1 << (position & 31);
    for (const id of keys.shelves) {
      let shelf = this.shelves[id];
      if (shelf === undefined) {
        const words = this.words;
        shelf = {
          wide: [],
          byKey: [new Map(), new Map(), new Map()],
          members: new Int32Array(words),
          wideIn: [new Int32Array(words), new Int32Array(words), new Int32Array(words)],
          keyedIn: [new Map(), new Map(), new Map()],
        };
        this.shelves[id] = shelf;
      }
      // A rule has one box per family, so it files at most one box on a shelf.
      shelf.members[word] |= bit;
      for (let dim = 0; dim < DIMENSION_COUNT; dim++) {
        const dimKeys = keys.dims[dim];
        if (dimKeys === null || dimKeys.length > MAX_KEYS) shelf.wideIn[dim][word] |= bit;
        else fileUnder(shelf.keyedIn[dim], dimKeys, position);
      }
      if (bestKeys === null) shelf.wide.push(position);
      else fileUnder(shelf.byKey[bestDim], bestKeys, position);
    }
  }

  private scan(
    positions: readonly number[],
    from: number,
    to: number,
    point: PacketPoint,
    probe: Probe,
    hidden: Int32Array | null,
  ): number {
    const hulls = this.hulls;
    const stateBit = 1 << point.state;
    for (let k = from === 0 ? 0 : lowerBound(positions, from); k < positions.length; k++) {
      const p = positions[k];
      if (p >= to) break;
      if (
        (this.states[p] & stateBit) === 0 ||
        !sameInterface(probe.inIf, this.inIf[p]) ||
        !sameInterface(probe.outIf, this.outIf[p])
      )
        continue;
      if (hidden !== null && (hidden[p >> 5] & (1 << (p & 31))) !== 0) continue;
      const boxes = this.rules[p].boxes;
      const first = this.boxStart[p];
      for (let b = 0; b < boxes.length; b++) {
        if (hullHasProbe(hulls, (first + b) * HULL, probe) && boxHasPoint(boxes[b], point)) return p;
      }
    }
    return -1;
  }

  /** A number per interface name; `null` is any. Names no rule uses share one id that only "any" meets. */
  private interfaceId(name: string | null, add: boolean): number {
    if (name === null) return ANY_INTERFACE;
    const id = this.interfaceIds.get(name);
    if (id !== undefined) return id;
    if (!add) return UNKNOWN_INTERFACE;
    this.interfaceIds.set(name, this.interfaceIds.size);
    return this.interfaceIds.size - 1;
  }
}

function sameInterface(a: number, b: number): boolean {
  return a === ANY_INTERFACE || b === ANY_INTERFACE || a === b;
}

/** A packet in the numbers the hulls use. */
type Probe = {
  family: number;
  proto: number;
  dport: number;
  sport: number;
  src: number;
  dst: number;
  inIf: number;
  outIf: number;
};

function probeOf(point: PacketPoint, inIf: number, outIf: number): Probe {
  return {
    family: point.family === "ipv4" ? 1 : 2,
    proto: point.proto,
    dport: point.dport,
    sport: point.sport,
    src: Number(point.src),
    dst: Number(point.dst),
    inIf,
    outIf,
  };
}

function hullHasProbe(h: Float64Array, at: number, p: Probe): boolean {
  return (
    h[at] === p.family &&
    h[at + 2] <= p.proto &&
    p.proto < h[at + 3] &&
    h[at + 4] <= p.dport &&
    p.dport < h[at + 5] &&
    h[at + 6] <= p.sport &&
    p.sport < h[at + 7] &&
    h[at + 8] <= p.src &&
    p.src <= h[at + 9] &&
    h[at + 10] <= p.dst &&
    p.dst <= h[at + 11]
  );
}

function hullsMeet(a: Float64Array, i: number, b: Float64Array, j: number): boolean {
  return (
    a[i] === b[j] &&
    (a[i + 1] & b[j + 1]) !== 0 &&
    a[i + 2] < b[j + 3] &&
    b[j + 2] < a[i + 3] &&
    a[i + 4] < b[j + 5] &&
    b[j + 4] < a[i + 5] &&
    a[i + 6] < b[j + 7] &&
    b[j + 6] < a[i + 7] &&
    a[i + 8] <= b[j + 9] &&
    b[j + 8] <= a[i + 9] &&
    a[i + 10] <= b[j + 11] &&
    b[j + 10] <= a[i + 11]
  );
}

/** A box's source then destination set as doubles into `out` from `at`; returns where they end. */
function writeAddresses(box: Box, out: Float64Array, at = 0): number {
  const { src, dst } = box;
  for (let i = 0; i < src.length; i++) out[at++] = Number(src[i]);
  for (let i = 0; i < dst.length; i++) out[at++] = Number(dst[i]);
  return at;
}

/**
 * Whether two address sets, as doubles, may share an address. Rounding keeps order, so two intervals that
 * overlap still have "lo <= end" both ways; IPv4 values are exact and IPv6 ones only rarely merge.
 */
function addressesMeet(a: Float64Array, i: number, aEnd: number, b: Float64Array, j: number, bEnd: number): boolean {
  while (i < aEnd && j < bEnd) {
    if (a[i + 1] < b[j]) i += 2;
    else if (b[j + 1] < a[i]) j += 2;
    else return true;
  }
  return false;
}

function writeHull(box: Box, out: Float64Array, at: number): void {
  out[at] = box.family === "ipv4" ? 1 : 2;
  out[at + 1] = box.states;
  writeSpan(box.proto, out, at + 2);
  writeSpan(box.dport, out, at + 4);
  writeSpan(box.sport, out, at + 6);
  writeSpan(box.src, out, at + 8);
  writeSpan(box.dst, out, at + 10);
}

function writeSpan(set: readonly (number | bigint)[], out: Float64Array, at: number): void {
  if (set.length === 0) {
    out[at] = Infinity;
    out[at + 1] = -Infinity;
  } else {
    out[at] = Number(set[0]);
    out[at + 1] = Number(set[set.length - 1]);
  }
}

function fileUnder(byKey: Map<number, number[]>, keys: readonly number[], position: number): void {
  for (const k of keys) {
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [position]);
    else list.push(position);
  }
}

/** tcp 0, udp 1, other 2; IPv6 shelves follow the IPv4 ones. */
function shelfId(family: number, proto: number): number {
  return family * 3 + (proto === 6 ? 0 : proto === 17 ? 1 : 2);
}

function onlyPortProtocols(proto: readonly number[]): boolean {
  for (let i = 0; i < proto.length; i++) {
    const v = i % 2 === 0 ? proto[i] : proto[i] - 1;
    if (v !== 6 && v !== 17) return false;
  }
  return true;
}

function keysOf(box: Box): BoxKeys {
  const family = box.family === "ipv4" ? 0 : 1;
  const shelves: number[] = [];
  for (const p of PORT_PROTOCOLS) if (hasValue(box.proto, p)) shelves.push(shelfId(family, p));
  const portsOnly = onlyPortProtocols(box.proto);
  if (!portsOnly) shelves.push(shelfId(family, 0));
  const dport = portsOnly ? portKeys(box.dport) : null;
  return { shelves, dims: [dport, networkKeys(box, "dst"), networkKeys(box, "src")] };
}

function portKeys(set: readonly number[]): number[] | null {
  const keys: number[] = [];
  for (let i = 0; i < set.length; i += 2) {
    if (keys.length + set[i + 1] - set[i] > MAX_QUERY_KEYS) return null;
    for (let v = set[i]; v < set[i + 1]; v++) keys.push(v);
  }
  return keys;
}

/**
 * Network of an address: IPv4 /24, IPv6 /64. An IPv6 network number is cut to its low 53 bits to make a
 * number key; networks that share a key only share a list, and the exact test sorts them out.
 */
const V6_KEY_MASK = (1n << 53n) - 1n;

function networkKeys(box: Box, dim: "dst" | "src"): number[] | null {
  const set = box[dim];
  const keys: number[] = [];
  if (box.family === "ipv4") {
    for (let i = 0; i < set.length; i += 2) {
      const first = Math.floor(Number(set[i]) / 256);
      const last = Math.floor((Number(set[i + 1]) - 1) / 256);
      if (keys.length + last - first + 1 > MAX_QUERY_KEYS) return null;
      for (let n = first; n <= last; n++) keys.push(n);
    }
    return keys;
  }
  for (let i = 0; i < set.length; i += 2) {
    const first = set[i] >> 64n;
    const last = (set[i + 1] - 1n) >> 64n;
    if (BigInt(keys.length) + last - first + 1n > BigInt(MAX_QUERY_KEYS)) return null;
    for (let n = first; n <= last; n++) keys.push(Number(n & V6_KEY_MASK));
  }
  return keys;
}

function pointKey(point: PacketPoint, dim: number, probe: Probe): number {
  if (dim === DPORT) return point.dport;
  if (point.family === "ipv4") return Math.floor((dim === DST ? probe.dst : probe.src) / 256);
  return Number(((dim === DST ? point.dst : point.src) >> 64n) & V6_KEY_MASK);
}

function lowerBound(positions: readonly number[], value: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
