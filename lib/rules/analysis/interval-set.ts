/**
 * Sets of integers as sorted, disjoint, non-adjacent half-open intervals stored flat:
 * [from0, end0, from1, end1, ...] with from < end and end(i) < from(i+1).
 *
 * Half-open bounds mean complement and difference need no +1/-1, so the same code serves port and protocol
 * numbers (number) and IPv4/IPv6 addresses (bigint). Sets are never mutated after construction.
 */

export type Scalar = number | bigint;
export type IntervalSet<T extends Scalar> = readonly T[];

/** Builds a normalized set from inclusive [from, to] pairs in any order, overlapping or not. */
export function fromInclusive<T extends Scalar>(ranges: readonly (readonly [T, T])[], one: T): IntervalSet<T> {
  const halfOpen = ranges.map(([from, to]) => [from, add(to, one)] as const);
  return normalize(halfOpen);
}

export function normalize<T extends Scalar>(ranges: readonly (readonly [T, T])[]): IntervalSet<T> {
  const sorted = ranges.filter(([from, end]) => from < end).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: T[] = [];
  for (const [from, end] of sorted) {
    const last = out.length - 1;
    if (last > 0 && from <= out[last]) {
      if (end > out[last]) out[last] = end;
    } else {
      out.push(from, end);
    }
  }
  return out;
}

export function isEmptySet<T extends Scalar>(set: IntervalSet<T>): boolean {
  return set.length === 0;
}

export function hasValue<T extends Scalar>(set: IntervalSet<T>, value: T): boolean {
  // Sets from rules are short; a binary search only pays off for long address lists.
  let lo = 0;
  let hi = set.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value < set[2 * mid]) hi = mid;
    else if (value >= set[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

export function overlaps<T extends Scalar>(a: IntervalSet<T>, b: IntervalSet<T>): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (a[a.length - 1] <= b[0] || b[b.length - 1] <= a[0]) return false;
  // One side a single interval (a host, a port, "any"): a binary search in the other instead of a walk.
  if (b.length === 2) return meetsInterval(a, b[0], b[1]);
  if (a.length === 2) return meetsInterval(b, a[0], a[1]);
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1] <= b[j]) i += 2;
    else if (b[j + 1] <= a[i]) j += 2;
    else return true;
  }
  return false;
}

/** Whether `set` has a member in [from, end). */
function meetsInterval<T extends Scalar>(set: IntervalSet<T>, from: T, end: T): boolean {
  // The first interval of `set` ending after `from` is the only one that can start before `end`.
  let lo = 0;
  let hi = set.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (set[2 * mid + 1] <= from) lo = mid + 1;
    else hi = mid;
  }
  return lo < set.length / 2 && set[2 * lo] < end;
}

/** a ⊆ b */
export function isSubset<T extends Scalar>(a: IntervalSet<T>, b: IntervalSet<T>): boolean {
  // Within one interval b: only a's ends matter (an empty a is a subset of anything).
  if (b.length === 2) return a.length === 0 || (a[0] >= b[0] && a[a.length - 1] <= b[1]);
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    while (j < b.length && b[j + 1] <= a[i]) j += 2;
    if (j >= b.length || b[j] > a[i] || b[j + 1] < a[i + 1]) return false;
  }
  return true;
}

export function intersect<T extends Scalar>(a: IntervalSet<T>, b: IntervalSet<T>): IntervalSet<T> {
  // One side within a single interval of the other (a piece inside a broad rule): that side, unallocated.
  if (b.length === 2 && (a.length === 0 || (a[0] >= b[0] && a[a.length - 1] <= b[1]))) return a;
  if (a.length === 2 && b[0] >= a[0] && b[b.length - 1] <= a[1]) return b;
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = a[i] > b[j] ? a[i] : b[j];
    const end = a[i + 1] < b[j + 1] ? a[i + 1] : b[j + 1];
    if (from < end) out.push(from, end);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

/** a \ b */
export function subtract<T extends Scalar>(a: IntervalSet<T>, b: IntervalSet<T>): IntervalSet<T> {
  if (b.length === 0) return a;
  const out: T[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let from = a[i];
    const end = a[i + 1];
    while (j < b.length && b[j + 1] <= from) j += 2;
    let k = j;
    while (k < b.length && b[k] < end) {
      if (b[k] > from) out.push(from, b[k]);
      if (b[k + 1] > from) from = b[k + 1];
      k += 2;
    }
    if (from < end) out.push(from, end);
  }
  return out;
}

export function complement<T extends Scalar>(set: IntervalSet<T>, universe: IntervalSet<T>): IntervalSet<T> {
  return subtract(universe, set);
}

export function minValue<T extends Scalar>(set: IntervalSet<T>): T {
  return set[0];
}

/** The largest member (inclusive), as `end - 1`. */
export function maxValue<T extends Scalar>(set: IntervalSet<T>, one: T): T {
  return add(set[set.length - 1], neg(one));
}

function add<T extends Scalar>(a: T, b: T): T {
  // number + number or bigint + bigint; the generic signature keeps callers from mixing them.
  return ((a as number) + (b as number)) as T;
}

function neg<T extends Scalar>(a: T): T {
  return -(a as number) as T;
}
