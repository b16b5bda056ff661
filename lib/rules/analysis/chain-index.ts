import type { AddressFamily } from "../address-format";
import { boundsOverlap, type CompiledRule, type RuleBounds } from "./compile-rule";
import { hasValue, type IntervalSet } from "./interval-set";
import { boxHasPoint, boxesOverlap, type Box, type PacketPoint } from "./match-space";

/**
 * Lookups in one chain that would otherwise scan every rule: the first rule matching a packet, and the rules
 * that may share a packet with a region. Each rule box is filed on a shelf by family and protocol class (tcp,
 * udp, other), and on that shelf under the keys of its most selective dimension: its destination ports, its
 * destination networks or its source networks (a network is an IPv4 /24 or an IPv6 /64), whichever has
 * fewest keys, or as "wide" when none is short. A lookup then visits only its own keys plus the wide rules.
 */

const MAX_KEYS = 64;
const PORT_PROTOCOLS = [6, 17] as const;
const DIMENSIONS = ["dport", "dst", "src"] as const;
type Dimension = (typeof DIMENSIONS)[number];
type Key = number | bigint;

type Shelf = {
  wide: number[];
  keyed: Record<Dimension, { byKey: Map<Key, number[]>; all: number[] }>;
};

export class ChainIndex {
  private readonly shelves = new Map<string, Shelf>();
  /** Scratch marks for de-duplicating positions; all zero between calls. */
  private readonly seen: Uint8Array;

  constructor(private readonly rules: readonly CompiledRule[]) {
    this.seen = new Uint8Array(rules.length);
    rules.forEach((rule, position) => {
      for (const box of rule.boxes) this.file(box, position);
    });
  }

  /** Position of the first rule in [from, to) that matches `point`, or -1. */
  firstMatch(from: number, to: number, point: PacketPoint): number {
    const shelf = this.shelves.get(shelfKey(point.family, point.proto));
    if (shelf === undefined) return -1;
    let best = this.scan(shelf.wide, from, to, point);
    for (const dim of DIMENSIONS) {
      const list = shelf.keyed[dim].byKey.get(pointKey(point, dim));
      if (list === undefined) continue;
      const found = this.scan(list, from, best === -1 ? to : best, point);
      if (found !== -1) best = found;
    }
    return best;
  }

  /** The rules in [from, to) that share at least one packet with `boxes` (rule bounds `bounds`), in order. */
  overlapping(boxes: readonly Box[], bounds: RuleBounds, from: number, to: number): CompiledRule[] {
    const positions: number[] = [];
    const seen = this.seen;
    const take = (list: readonly number[] | undefined) => {
      if (list === undefined) return;
      for (let k = lowerBound(list, from); k < list.length && list[k] < to; k++) {
        if (seen[list[k]] === 0) {
          seen[list[k]] = 1;
          positions.push(list[k]);
        }
      }
    };
    for (const box of boxes) {
      for (const key of shelfKeys(box)) {
        const shelf = this.shelves.get(key);
        if (shelf === undefined) continue;
        take(shelf.wide);
        for (const dim of DIMENSIONS) {
          const { byKey, all } = shelf.keyed[dim];
          // Spanning more keys than are filed: taking every filed rule is cheaper than looking each key up.
          const keys = boxKeys(box, dim, byKey.size);
          if (keys === null) take(all);
          else for (const k of keys) take(byKey.get(k));
        }
      }
    }
    const sorted = Int32Array.from(positions).sort();
    const found: CompiledRule[] = [];
    for (let k = 0; k < sorted.length; k++) {
      seen[sorted[k]] = 0;
      const rule = this.rules[sorted[k]];
      if (boundsOverlap(bounds, rule.bounds) && boxes.some((a) => rule.boxes.some((b) => boxesOverlap(a, b)))) found.push(rule);
    }
    return found;
  }

  private file(box: Box, position: number): void {
    let bestDim: Dimension | null = null;
    let bestKeys: Key[] | null = null;
    for (const dim of DIMENSIONS) {
      const keys = boxKeys(box, dim, MAX_KEYS);
      if (keys !== null && (bestKeys === null || keys.length < bestKeys.length)) {
        bestDim = dim;
        bestKeys = keys;
      }
    }
    for (const key of shelfKeys(box)) {
      let shelf = this.shelves.get(key);
      if (shelf === undefined) {
        const keyed = () => ({ byKey: new Map<Key, number[]>(), all: [] });
        shelf = { wide: [], keyed: { dport: keyed(), dst: keyed(), src: keyed() } };
        this.shelves.set(key, shelf);
      }
      // Both boxes of a rule may land in one list: positions stay strictly increasing by skipping repeats.
      if (bestDim === null || bestKeys === null) {
        pushOnce(shelf.wide, position);
        continue;
      }
      const keyed = shelf.keyed[bestDim];
      pushOnce(keyed.all, position);
      for (const k of bestKeys) {
        const list = keyed.byKey.get(k);
        if (list === undefined) keyed.byKey.set(k, [position]);
        else pushOnce(list, position);
      }
    }
  }

  private scan(positions: readonly number[], from: number, to: number, point: PacketPoint): number {
    for (let k = lowerBound(positions, from); k < positions.length && positions[k] < to; k++) {
      const rule = this.rules[positions[k]];
      const b = rule.bounds;
      if ((b.states & (1 << point.state)) === 0 || (b.inIf !== null && b.inIf !== point.inIf) || (b.outIf !== null && b.outIf !== point.outIf)) continue;
      for (const box of rule.boxes) if (boxHasPoint(box, point)) return positions[k];
    }
    return -1;
  }
}

function pushOnce(list: number[], position: number): void {
  if (list[list.length - 1] !== position) list.push(position);
}

function shelfKeys(box: Box): string[] {
  const keys = PORT_PROTOCOLS.filter((p) => hasValue(box.proto, p)).map((p) => shelfKey(box.family, p));
  const onlyPortProtocols = box.proto.every((v, i) => PORT_PROTOCOLS.some((p) => p === (i % 2 === 0 ? v : v - 1)));
  if (!onlyPortProtocols) keys.push(shelfKey(box.family, 0));
  return keys;
}

function shelfKey(family: AddressFamily, proto: number): string {
  return `${family}:${proto === 6 ? "tcp" : proto === 17 ? "udp" : "other"}`;
}

/** Network of an address: IPv4 /24, IPv6 /64. */
function networkShift(family: AddressFamily): bigint {
  return family === "ipv4" ? 8n : 64n;
}

function pointKey(point: PacketPoint, dim: Dimension): Key {
  if (dim === "dport") return point.dport;
  const address = dim === "dst" ? point.dst : point.src;
  return networkKey(point.family, address >> networkShift(point.family));
}

// IPv4 network numbers fit a number; IPv6 ones stay bigint (Map compares bigints by value).
function networkKey(family: AddressFamily, network: bigint): Key {
  return family === "ipv4" ? Number(network) : network;
}

/** The keys a box's set in `dim` spans, or null if more than `max` (or for ports outside tcp/udp). */
function boxKeys(box: Box, dim: Dimension, max: number): Key[] | null {
  if (dim === "dport") {
    if (!box.proto.every((v, i) => PORT_PROTOCOLS.some((p) => p === (i % 2 === 0 ? v : v - 1)))) return null;
    return spanKeys(box.dport, max, (v) => v);
  }
  const shift = networkShift(box.family);
  const set: IntervalSet<bigint> = box[dim];
  const keys: Key[] = [];
  for (let i = 0; i < set.length; i += 2) {
    const first = set[i] >> shift;
    const last = (set[i + 1] - 1n) >> shift;
    if (BigInt(keys.length) + last - first + 1n > BigInt(max)) return null;
    for (let n = first; n <= last; n++) keys.push(networkKey(box.family, n));
  }
  return keys;
}

function spanKeys(set: IntervalSet<number>, max: number, key: (v: number) => Key): Key[] | null {
  const keys: Key[] = [];
  for (let i = 0; i < set.length; i += 2) {
    if (keys.length + set[i + 1] - set[i] > max) return null;
    for (let v = set[i]; v < set[i + 1]; v++) keys.push(key(v));
  }
  return keys;
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
