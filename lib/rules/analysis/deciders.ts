import { intersectBox, subtractOverlappingBox, type Box } from "./match-space";
import * as held from "./held-dimensions";
import * as lists from "./candidate-lists";
import type { Cuts, Piece } from "./candidate-lists";

// Read once: tsx's CommonJS output reads an imported binding through a getter at every use.
const { ALL_HELD, APART, changedDimensions, heldCount, heldMaskWithin } = held;
const { MASK_BITS, cutsOf, entry, fileRegion, filedPiece, insidePiece, outsidePiece } = lists;

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
  /** Per candidate (and the rest): 0 open, 1 reported (set here as deciders are found), 2 not worth reporting. */
  done: Uint8Array,
  rest: boolean,
  /** Called once per newly found decider; true stops the search. */
  onDecider: (k: number) => boolean,
): boolean {
  const cuts = cutsOf(candidates);
  const restId = candidates.length;
  const stack: Piece[] = [];
  for (const { box, list, whole } of fileRegion(region, cuts)) {
    if (rest && !whole) list.push(entry(restId, ALL_HELD));
    stack.push(filedPiece(box, list));
  }
  return searchDeciders(stack, cuts, done, onDecider);
}

/** findDeciders from filed pieces that together make up the region, the candidates given as `cuts`; `stack` is used up. */
export function searchDeciders(
  stack: Piece[],
  cuts: Cuts,
  done: Uint8Array,
  onDecider: (k: number) => boolean,
): boolean {
  while (stack.length > 0) {
    const piece = stack.pop()!;
    if (piece.tail !== -1) {
      // An inside part, still the cutter's box: made only if it is still worth cutting.
      if (!anyOpen(piece, done)) continue;
      piece.box = intersectBox(piece.parent!, piece.box)!;
    }
    const box = piece.box;
    const family = box.family === "ipv4" ? cuts.ipv4 : cuts.ipv6;
    const list = piece.parent === null ? piece.from : fileOpen(piece, done, family);
    if (list === null || list.length === 0) continue;
    const first = list[0] >> MASK_BITS;
    if (done[first] === 0) {
      done[first] = 1;
      if (onDecider(first)) return true;
    }
    // Only the candidates up to the last unreported one matter: those after it decide nothing anyone asks
    // about. The list ends at its first holder (files stop there); the cutter is the best of the others.
    let last = list.length - 1;
    while (last > 0 && done[list[last] >> MASK_BITS] !== 0) last--;
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
    const cut = family[bestId]!;

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
      stack.push(insidePiece(cut, box, list, best));
    }
    if (!openOutside) continue;
    for (const part of subtractOverlappingBox(box, cut)) stack.push(outsidePiece(part, box, list, last + 1, best));
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
  if (piece.tail === -1 || done[piece.tail >> MASK_BITS] !== 0) {
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
