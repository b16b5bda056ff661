import type { IntervalSet } from "./interval-set";
import type { Box, PacketPoint } from "./match-space";
import type { NameSet } from "./name-set";

/**
 * How a cutting box relates to a box, per dimension: APART when they share no packet, else the mask of the
 * dimensions in which the cut holds all of the box (ALL_HELD: the whole box). The hottest tests of the
 * analysis: they call nothing outside this module (tsx's CommonJS output reads every imported function through
 * a getter) and keep number and bigint sets in separate functions, so each stays monomorphic.
 */

export const DIMENSIONS = 11;
export const APART = -1;
export const ALL_HELD = (1 << DIMENSIONS) - 1;

const STATES = 1;
const PROTO = 2;
const DPORT = 4;
const SPORT = 8;
const SRC = 16;
const DST = 32;
const IN_IF = 64;
const OUT_IF = 128;
const ICMP = 256;
const TTL = 512;
const COND = 1024;

/** APART, or in how many of the eleven dimensions `cut` holds all of `box` (DIMENSIONS: the whole box). */
export function heldDimensions(box: Box, cut: Box): number {
  const mask = heldMask(box, cut);
  return mask === APART ? APART : heldCount(mask);
}

/** The number of dimensions a mask of heldMask holds. */
export function heldCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}

/** APART, or the mask of the dimensions in which `cut` holds all of `box`. */
export function heldMask(box: Box, cut: Box): number {
  if (box.family !== cut.family || (box.states & cut.states) === 0 || (box.cond & cut.cond) === 0) return APART;
  const proto = heldNumbers(box.proto, cut.proto);
  if (proto === APART) return APART;
  const dport = heldNumbers(box.dport, cut.dport);
  if (dport === APART) return APART;
  const sport = heldNumbers(box.sport, cut.sport);
  if (sport === APART) return APART;
  const src = heldAddresses(box.src, cut.src);
  if (src === APART) return APART;
  const dst = heldAddresses(box.dst, cut.dst);
  if (dst === APART) return APART;
  const inIf = heldNames(box.inIf, cut.inIf);
  if (inIf === APART) return APART;
  const outIf = heldNames(box.outIf, cut.outIf);
  if (outIf === APART) return APART;
  const icmp = heldNumbers(box.icmp, cut.icmp);
  if (icmp === APART) return APART;
  const ttl = heldNumbers(box.ttl, cut.ttl);
  if (ttl === APART) return APART;
  return (
    ((box.states & ~cut.states) === 0 ? STATES : 0) |
    (proto === 1 ? PROTO : 0) |
    (dport === 1 ? DPORT : 0) |
    (sport === 1 ? SPORT : 0) |
    (src === 1 ? SRC : 0) |
    (dst === 1 ? DST : 0) |
    (inIf === 1 ? IN_IF : 0) |
    (outIf === 1 ? OUT_IF : 0) |
    (icmp === 1 ? ICMP : 0) |
    (ttl === 1 ? TTL : 0) |
    ((box.cond & ~cut.cond) === 0 ? COND : 0)
  );
}

/**
 * The dimensions in which `part`, a part of `box`, has a set other than the box's: sets are never mutated, so
 * an unchanged one is the same object. Parts cut from a box differ from it in a few dimensions.
 */
export function changedDimensions(part: Box, box: Box): number {
  return (
    (part.states !== box.states ? STATES : 0) |
    (part.proto !== box.proto ? PROTO : 0) |
    (part.dport !== box.dport ? DPORT : 0) |
    (part.sport !== box.sport ? SPORT : 0) |
    (part.src !== box.src ? SRC : 0) |
    (part.dst !== box.dst ? DST : 0) |
    (part.inIf !== box.inIf ? IN_IF : 0) |
    (part.outIf !== box.outIf ? OUT_IF : 0) |
    (part.icmp !== box.icmp ? ICMP : 0) |
    (part.ttl !== box.ttl ? TTL : 0) |
    (part.cond !== box.cond ? COND : 0)
  );
}

/**
 * heldMask(part, cut) for a part of a box, given `mask` = heldMask(box, cut) (not APART) and `changed` =
 * changedDimensions(part, box). Only the changed dimensions the cut did not hold the box in are tested again:
 * in the others the part relates to the cut as the box does. This skips most of the work, the address walks
 * above all, and often all of it.
 */
export function heldMaskWithin(part: Box, cut: Box, mask: number, changed: number): number {
  const todo = changed & ~mask;
  if (todo === 0) return mask;
  let m = mask;
  if ((todo & STATES) !== 0) {
    if ((part.states & cut.states) === 0) return APART;
    if ((part.states & ~cut.states) === 0) m |= STATES;
  }
  if ((todo & COND) !== 0) {
    if ((part.cond & cut.cond) === 0) return APART;
    if ((part.cond & ~cut.cond) === 0) m |= COND;
  }
  if ((todo & PROTO) !== 0) {
    const held = heldNumbers(part.proto, cut.proto);
    if (held === APART) return APART;
    if (held === 1) m |= PROTO;
  }
  if ((todo & DPORT) !== 0) {
    const held = heldNumbers(part.dport, cut.dport);
    if (held === APART) return APART;
    if (held === 1) m |= DPORT;
  }
  if ((todo & SPORT) !== 0) {
    const held = heldNumbers(part.sport, cut.sport);
    if (held === APART) return APART;
    if (held === 1) m |= SPORT;
  }
  if ((todo & SRC) !== 0) {
    const held = heldAddresses(part.src, cut.src);
    if (held === APART) return APART;
    if (held === 1) m |= SRC;
  }
  if ((todo & DST) !== 0) {
    const held = heldAddresses(part.dst, cut.dst);
    if (held === APART) return APART;
    if (held === 1) m |= DST;
  }
  if ((todo & IN_IF) !== 0) {
    const held = heldNames(part.inIf, cut.inIf);
    if (held === APART) return APART;
    if (held === 1) m |= IN_IF;
  }
  if ((todo & OUT_IF) !== 0) {
    const held = heldNames(part.outIf, cut.outIf);
    if (held === APART) return APART;
    if (held === 1) m |= OUT_IF;
  }
  if ((todo & ICMP) !== 0) {
    const held = heldNumbers(part.icmp, cut.icmp);
    if (held === APART) return APART;
    if (held === 1) m |= ICMP;
  }
  if ((todo & TTL) !== 0) {
    const held = heldNumbers(part.ttl, cut.ttl);
    if (held === APART) return APART;
    if (held === 1) m |= TTL;
  }
  return m;
}

/**
 * Whether `cut` holds `point`, a packet of a box that `cut` holds in the dimensions of `mask` (heldMask): only
 * the other dimensions are looked at.
 */
export function hasPointWithin(cut: Box, point: PacketPoint, mask: number): boolean {
  return (
    ((mask & STATES) !== 0 || (cut.states & (1 << point.state)) !== 0) &&
    ((mask & COND) !== 0 || (cut.cond & (1 << point.cond)) !== 0) &&
    ((mask & PROTO) !== 0 || hasNumber(cut.proto, point.proto)) &&
    ((mask & DPORT) !== 0 || hasNumber(cut.dport, point.dport)) &&
    ((mask & SPORT) !== 0 || hasNumber(cut.sport, point.sport)) &&
    ((mask & SRC) !== 0 || hasAddress(cut.src, point.src)) &&
    ((mask & DST) !== 0 || hasAddress(cut.dst, point.dst)) &&
    ((mask & IN_IF) !== 0 || cut.inIf.names.includes(point.inIf) !== cut.inIf.except) &&
    ((mask & OUT_IF) !== 0 || cut.outIf.names.includes(point.outIf) !== cut.outIf.except) &&
    ((mask & ICMP) !== 0 || hasNumber(cut.icmp, point.icmp)) &&
    ((mask & TTL) !== 0 || hasNumber(cut.ttl, point.ttl))
  );
}

function hasNumber(set: IntervalSet<number>, value: number): boolean {
  for (let i = 0; i < set.length && set[i] <= value; i += 2) if (value < set[i + 1]) return true;
  return false;
}

function hasAddress(set: IntervalSet<bigint>, value: bigint): boolean {
  for (let i = 0; i < set.length && set[i] <= value; i += 2) if (value < set[i + 1]) return true;
  return false;
}

/** APART, 1 when `b` holds all of `a`, 0 when they only meet (sets as in ./interval-set.ts). */
function heldNumbers(a: IntervalSet<number>, b: IntervalSet<number>): number {
  if (a.length === 0 || b.length === 0 || a[a.length - 1] <= b[0] || b[b.length - 1] <= a[0]) return APART;
  if (b.length === 2) {
    if (a[0] >= b[0] && a[a.length - 1] <= b[1]) return 1;
    if (a.length === 2) return 0;
  }
  let i = 0;
  let j = 0;
  let met = false;
  let held = true;
  // One walk: every interval of a must lie in one of b (held) and some pair must meet.
  while (i < a.length) {
    while (j < b.length && b[j + 1] <= a[i]) j += 2;
    if (j >= b.length) {
      held = false;
      break;
    }
    if (b[j] < a[i + 1]) met = true;
    if (b[j] > a[i] || b[j + 1] < a[i + 1]) held = false;
    if (met && !held) return 0;
    i += 2;
  }
  return met ? (held ? 1 : 0) : APART;
}

/** heldNumbers for address sets. */
function heldAddresses(a: IntervalSet<bigint>, b: IntervalSet<bigint>): number {
  if (a.length === 0 || b.length === 0 || a[a.length - 1] <= b[0] || b[b.length - 1] <= a[0]) return APART;
  if (b.length === 2) {
    if (a[0] >= b[0] && a[a.length - 1] <= b[1]) return 1;
    if (a.length === 2) return 0;
  }
  let i = 0;
  let j = 0;
  let met = false;
  let held = true;
  while (i < a.length) {
    while (j < b.length && b[j + 1] <= a[i]) j += 2;
    if (j >= b.length) {
      held = false;
      break;
    }
    if (b[j] < a[i + 1]) met = true;
    if (b[j] > a[i] || b[j + 1] < a[i + 1]) held = false;
    if (met && !held) return 0;
    i += 2;
  }
  return met ? (held ? 1 : 0) : APART;
}

/** APART, 1 when `b` holds all of `a`, 0 when they only meet (sets as in ./name-set.ts). */
function heldNames(a: NameSet, b: NameSet): number {
  if (!a.except && a.names.length === 0) return APART;
  if (b.except) {
    if (b.names.length === 0) return 1;
    if (a.except) return b.names.every((n) => a.names.includes(n)) ? 1 : 0;
    let inside = 0;
    for (const n of a.names) if (!b.names.includes(n)) inside++;
    return inside === 0 ? APART : inside === a.names.length ? 1 : 0;
  }
  if (a.except) return b.names.some((n) => !a.names.includes(n)) ? 0 : APART;
  let shared = 0;
  for (const n of a.names) if (b.names.includes(n)) shared++;
  return shared === 0 ? APART : shared === a.names.length ? 1 : 0;
}
