import type { CompiledRule } from "./compile-rule";
import type { IntervalSet } from "./interval-set";
import { subtractOverlappingBox, type Box } from "./match-space";
import type { NameSet } from "./name-set";

/**
 * The part of a region no rule of a set matches, exactly and without a budget.
 *
 * Each piece of the region carries the rules that meet it. A piece one of them holds whole is covered; one no
 * rule meets is left over; any other is cut by the rule holding it in the most dimensions (the fewest pieces,
 * the big cuts first), and each of the at most eleven pieces outside that rule goes on with only the rules that
 * meet it. Pieces therefore test the short list of rules that really cut them, where a plain set difference
 * tests every piece against every rule: what keeps thousands of overlapping rules fast.
 */

/** heldDimensions: a box held whole, or not met at all. */
export const DIMENSIONS = 11;
export const APART = -1;

type Piece = { box: Box; cuts: Box[]; held: number[] };

/** The parts of `boxes` (disjoint) outside every rule of `rules`: [] when they cover them; with `firstOnly`, at most one part. */
export function uncovered(boxes: readonly Box[], rules: readonly CompiledRule[], firstOnly = false): Box[] {
  const left: Box[] = [];
  const stack: Piece[] = [];
  for (const box of boxes) {
    const piece: Piece = { box, cuts: [], held: [] };
    let covered = false;
    for (let r = 0; r < rules.length && !covered; r++) {
      // A rule has at most one box per family, so at most one of them meets a box.
      for (const b of rules[r].boxes) {
        if (!file(piece, b)) continue;
        covered = piece.held[piece.held.length - 1] === DIMENSIONS;
        break;
      }
    }
    if (!covered) stack.push(piece);
  }
  while (stack.length > 0) {
    const { box, cuts, held } = stack.pop()!;
    if (held.includes(DIMENSIONS)) continue;
    if (cuts.length === 0) {
      left.push(box);
      if (firstOnly) return left;
      continue;
    }
    let best = 0;
    for (let k = 1; k < cuts.length; k++) if (held[k] > held[best]) best = k;
    const cut = cuts[best];
    for (const part of subtractOverlappingBox(box, cut)) {
      const piece: Piece = { box: part, cuts: [], held: [] };
      for (let k = 0; k < cuts.length; k++) {
        if (k !== best && file(piece, cuts[k]) && piece.held[piece.held.length - 1] === DIMENSIONS) break;
      }
      stack.push(piece);
    }
  }
  return left;
}

/** Files `cut` under the piece when it meets the piece's box; whether it did. */
function file(piece: Piece, cut: Box): boolean {
  const held = heldDimensions(piece.box, cut);
  if (held === APART) return false;
  piece.cuts.push(cut);
  piece.held.push(held);
  return true;
}

/**
 * In one pass: APART when `cut` shares no packet with `box`, else in how many of the eleven dimensions it holds
 * all of `box` (DIMENSIONS: the whole box). The hottest test of the analysis: it calls nothing outside this
 * module (tsx's CommonJS output reads every imported function through a getter) and keeps number and bigint
 * sets in separate functions, so each stays monomorphic.
 */
export function heldDimensions(box: Box, cut: Box): number {
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
  const states = (box.states & ~cut.states) === 0 ? 1 : 0;
  const cond = (box.cond & ~cut.cond) === 0 ? 1 : 0;
  return states + proto + dport + sport + src + dst + inIf + outIf + icmp + ttl + cond;
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
