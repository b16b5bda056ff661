import { intersectBox, subtractOverlappingBox, type Box } from "./match-space";
import * as held from "./held-dimensions";

// Read once: tsx's CommonJS output reads an imported binding through a getter at every use.
const { ALL_HELD, APART, DIMENSIONS, changedDimensions, heldCount, heldMask, heldMaskWithin } = held;

/**
 * Which candidates (in chain order, first match wins) are the first match for some packet of a region, in one
 * exact pass, stopping as soon as the caller has what it needs.
 *
 * Each piece of the region carries, in order, the candidates that meet it, cut short after the first one that
 * holds it whole (no later one can decide any of its packets). The first candidate of that list meets the
 * piece and nothing before it does, so it decides some packet: reported at once. The piece is then cut by
 * another of its candidates, c, the one holding it in the most dimensions (fewest pieces): the part inside c
 * goes on with the candidates up to c, those outside it without c. A piece is dropped when none of its
 * candidates is still unreported, which is what keeps crowded rule sets fast: once the deciders of a region
 * are known, the rest of it costs nothing.
 *
 * With `rest`, a last candidate (index `candidates.length`) holds every packet: "no candidate matches", e.g.
 * the chain's default policy.
 */
export function findDeciders(
  region: readonly Box[],
  candidates: readonly (readonly Box[])[],
  /** Per candidate (and the rest): 1 once reported, or not worth reporting; set here as deciders are found. */
  done: Uint8Array,
  rest: boolean,
  /** Called once per newly found decider; true stops the search. */
  onDecider: (k: number) => boolean,
): boolean {
  const restId = candidates.length;
  // A rule has at most one box per family, so a piece meets at most one box of a candidate: its family's.
  const ipv4Cuts: (Box | null)[] = [];
  const ipv6Cuts: (Box | null)[] = [];
  for (const boxes of candidates) {
    let ipv4: Box | null = null;
    let ipv6: Box | null = null;
    for (const b of boxes) {
      if (b.family === "ipv4") ipv4 = b;
      else ipv6 = b;
    }
    ipv4Cuts.push(ipv4);
    ipv6Cuts.push(ipv6);
  }

  const stack: Piece[] = [];
  for (const box of region) {
    const cuts = box.family === "ipv4" ? ipv4Cuts : ipv6Cuts;
    const list: number[] = [];
    let whole = false;
    for (let k = 0; k < candidates.length && !whole; k++) {
      const cut = cuts[k];
      const mask = cut === null ? APART : heldMask(box, cut);
      if (mask === APART) continue;
      list.push(entry(k, mask));
      whole = mask === ALL_HELD;
    }
    if (rest && !whole) list.push(entry(restId, ALL_HELD));
    stack.push({ box, parent: null, from: list, end: list.length, skip: -1, tail: -1 });
  }

  while (stack.length > 0) {
    const piece = stack.pop()!;
    if (piece.tail !== -1) {
      // An inside part, still the cutter's box: made only if it is still worth cutting.
      if (!anyOpen(piece, done)) continue;
      piece.box = intersectBox(piece.parent!, piece.box)!;
    }
    const box = piece.box;
    const cuts = box.family === "ipv4" ? ipv4Cuts : ipv6Cuts;
    const list = piece.parent === null ? piece.from : fileOpen(piece, done, cuts);
    if (list === null || list.length === 0) continue;
    const first = list[0] >> MASK_BITS;
    if (done[first] === 0) {
      done[first] = 1;
      if (onDecider(first)) return true;
    }
    // Only the candidates up to the last unreported one matter: those after it decide nothing anyone asks
    // about. The list ends at its first holder (files stop there); the cutter is the best of the others.
    let last = list.length - 1;
    while (last > 0 && done[list[last] >> MASK_BITS] === 1) last--;
    if (last === 0) continue;
    const end = (list[last] & ALL_HELD) === ALL_HELD ? last : last + 1;
    let best = 0;
    let bestCount = heldCount(list[0] & ALL_HELD);
    for (let j = 1; j < end; j++) {
      const count = heldCount(list[j] & ALL_HELD);
      if (count > bestCount) {
        best = j;
        bestCount = count;
      }
    }
    const bestId = list[best] >> MASK_BITS;
    const cut = cuts[bestId]!;

    // A part whose candidates are all reported would be dropped when popped: not made at all.
    let openInside = false;
    let openOutside = false;
    for (let j = 1; j <= last; j++) {
      if (done[list[j] >> MASK_BITS] !== 0) continue;
      if (j <= best) openInside = true;
      if (j !== best) openOutside = true;
    }
    if (openInside) {
      // Inside the cutter only it and the candidates before it can decide.
      stack.push({ box: cut, parent: box, from: list, end: best, skip: -1, tail: entry(bestId, ALL_HELD) });
    }
    if (!openOutside) continue;
    for (const part of subtractOverlappingBox(box, cut))
      stack.push({ box: part, parent: box, from: list, end: last + 1, skip: best, tail: -1 });
  }
  return false;
}

/** Whether a candidate an unfiled part may get is still unreported. */
function anyOpen(piece: Piece, done: Uint8Array): boolean {
  if (done[piece.tail >> MASK_BITS] === 0) return true;
  for (let j = piece.end - 1; j >= 0; j--) if (done[piece.from[j] >> MASK_BITS] === 0) return true;
  return false;
}

/**
 * The list of a part: the candidates of its parent's list before `end` (but `skip`), then `tail`, that meet it,
 * up to the last one still unreported or the first holding it whole; null when none is unreported any more.
 */
function fileOpen(piece: Piece, done: Uint8Array, cuts: readonly (Box | null)[]): number[] | null {
  const from = piece.from;
  let upto = piece.end;
  if (piece.tail === -1 || done[piece.tail >> MASK_BITS] === 1) {
    upto = -1;
    for (let j = piece.end - 1; j >= 0; j--) {
      if (j !== piece.skip && done[from[j] >> MASK_BITS] === 0) {
        upto = j;
        break;
      }
    }
    if (upto === -1) return null;
  }
  const list: number[] = [];
  const changed = changedDimensions(piece.box, piece.parent!);
  const stop = upto < piece.end ? upto + 1 : piece.end;
  for (let j = 0; j < stop; j++) {
    if (j !== piece.skip && fileWithin(list, piece.box, changed, from[j], cuts) === ALL_HELD) return list;
  }
  if (upto === piece.end) list.push(piece.tail);
  return list;
}

/**
 * A piece and the candidates meeting it, in order, each as one number: the candidate's index above MASK_BITS,
 * below them the mask of the dimensions it holds the piece in (./held-dimensions.ts). One small-integer array
 * per piece: pieces are made by the hundred thousand.
 *
 * A part is filed when it is popped, not when it is cut: its siblings popped before it report deciders, so by
 * then fewer of its candidates matter, and a part with none left is dropped unfiled (an inside part unmade).
 */
type Piece = {
  /** The part; for an inside part not yet made, the cutter's box (the part is its parent within it). */
  box: Box;
  /** The piece it was cut from, null for a box of the region (whose list is `from`, filed). */
  parent: Box | null;
  /** The parent's list: the part's candidates are those before `end`, but `skip` (the cutter, outside it). */
  from: number[];
  end: number;
  skip: number;
  /** Inside parts: the cutter's entry, holding the part whole, after the others; -1 for the rest. */
  tail: number;
};

const MASK_BITS = DIMENSIONS;

function entry(k: number, mask: number): number {
  return (k << MASK_BITS) | mask;
}

/**
 * Files the candidate of `parentEntry` (an entry of the list of the piece `part` was cut from; `changed`: the
 * dimensions the part changed) under `list`, the part's list, when they meet; returns its mask there, or
 * APART. The rest (no cut) holds every part.
 */
function fileWithin(
  list: number[],
  part: Box,
  changed: number,
  parentEntry: number,
  cuts: readonly (Box | null)[],
): number {
  const k = parentEntry >> MASK_BITS;
  const parentMask = parentEntry & ALL_HELD;
  const mask = k === cuts.length ? ALL_HELD : heldMaskWithin(part, cuts[k]!, parentMask, changed);
  if (mask !== APART) list.push(entry(k, mask));
  return mask;
}
