import { intersectBox, subtractOverlappingBox, type Box } from "./match-space";
import * as held from "./held-dimensions";

// Read once: tsx's CommonJS output reads an imported binding through a getter at every use.
const { ALL_HELD, APART, heldCount, heldMask, heldMaskWithin } = held;

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
  const stack: Piece[] = [];
  for (const box of region) {
    const piece = newPiece(box);
    for (let k = 0; k < candidates.length; k++) {
      // A rule has at most one box per family, so at most one of them meets a box.
      for (const b of candidates[k]) if (file(piece, k, b)) break;
      if (piece.held[piece.held.length - 1] === ALL_HELD) break;
    }
    if (rest && piece.held[piece.held.length - 1] !== ALL_HELD) hold(piece, restId, null);
    stack.push(piece);
  }

  while (stack.length > 0) {
    const { box, list, cuts, held } = stack.pop()!;
    if (list.length === 0) continue;
    const first = list[0];
    if (done[first] === 0) {
      done[first] = 1;
      if (onDecider(first)) return true;
    }
    // Only the candidates up to the last unreported one matter: those after it decide nothing anyone asks
    // about. The list ends at its first holder (files stop there); the cutter is the best of the others.
    let last = list.length - 1;
    while (last > 0 && done[list[last]] === 1) last--;
    if (last === 0) continue;
    const end = held[last] === ALL_HELD ? last : last + 1;
    let best = 0;
    let bestCount = heldCount(held[0]);
    for (let j = 1; j < end; j++) {
      const count = heldCount(held[j]);
      if (count > bestCount) {
        best = j;
        bestCount = count;
      }
    }
    const cut = cuts[best]!;

    // A part whose candidates are all reported would be dropped when popped: not made at all.
    let openInside = false;
    let openOutside = false;
    for (let j = 1; j <= last; j++) {
      if (done[list[j]] !== 0) continue;
      if (j <= best) openInside = true;
      if (j !== best) openOutside = true;
    }
    if (openInside) {
      // Inside the cutter only it and the candidates before it can decide.
      const inside = newPiece(intersectBox(box, cut)!);
      for (let j = 0; j < best; j++) fileWithin(inside, box, list[j], cuts[j], held[j]);
      hold(inside, list[best], cut);
      stack.push(inside);
    }
    if (!openOutside) continue;
    for (const part of subtractOverlappingBox(box, cut)) {
      const piece = newPiece(part);
      for (let j = 0; j <= last; j++) {
        if (j === best || !fileWithin(piece, box, list[j], cuts[j], held[j])) continue;
        if (piece.held[piece.held.length - 1] === ALL_HELD) break;
      }
      stack.push(piece);
    }
  }
  return false;
}

/** `held`: per candidate, the mask of the dimensions it holds the piece in (./held-dimensions.ts). */
type Piece = { box: Box; list: number[]; cuts: (Box | null)[]; held: number[] };

function newPiece(box: Box): Piece {
  return { box, list: [], cuts: [], held: [] };
}

/** Files candidate k (its box `cut`) under the piece when they meet; whether they do. */
function file(piece: Piece, k: number, cut: Box): boolean {
  const held = heldMask(piece.box, cut);
  if (held === APART) return false;
  piece.list.push(k);
  piece.cuts.push(cut);
  piece.held.push(held);
  return true;
}

/** file() for a piece cut from `parent`, which candidate k (null: the rest) holds as `mask` says. */
function fileWithin(piece: Piece, parent: Box, k: number, cut: Box | null, mask: number): boolean {
  const held = cut === null ? ALL_HELD : heldMaskWithin(piece.box, parent, cut, mask);
  if (held === APART) return false;
  piece.list.push(k);
  piece.cuts.push(cut);
  piece.held.push(held);
  return true;
}

/** Files candidate k as holding the whole piece. */
function hold(piece: Piece, k: number, cut: Box | null): void {
  piece.list.push(k);
  piece.cuts.push(cut);
  piece.held.push(ALL_HELD);
}
