/** Order changes on immutable arrays; every editor move (drag, keys, buttons) goes through these. */

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || from >= items.length) return items as T[];
  const next = items.slice();
  const [item] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}

/** Removes the items at `indices` and returns them with the index each had, for an exact undo. */
export function removeAt<T>(
  items: readonly T[],
  keep: (item: T) => boolean,
): { kept: T[]; removed: { index: number; item: T }[] } {
  const kept: T[] = [];
  const removed: { index: number; item: T }[] = [];
  items.forEach((item, index) => (keep(item) ? kept.push(item) : removed.push({ index, item })));
  return { kept, removed };
}

/** Puts removed items back at their old indices (ascending order keeps each index right). */
export function restoreAt<T>(items: readonly T[], removed: readonly { index: number; item: T }[]): T[] {
  const next = items.slice();
  for (const { index, item } of [...removed].sort((a, b) => a.index - b.index))
    next.splice(Math.min(index, next.length), 0, item);
  return next;
}

/**
 * Moves the items `pick` chooses, in their present order, so the first of them lands at 1-based `position` of
 * the result (clamped to the list): "move selected to…".
 */
export function moveManyTo<T>(items: readonly T[], pick: (item: T) => boolean, position: number): T[] {
  const moving = items.filter(pick);
  if (moving.length === 0) return items as T[];
  const rest = items.filter((i) => !pick(i));
  const at = Math.max(0, Math.min(Math.trunc(position) - 1, rest.length));
  return rest.toSpliced(at, 0, ...moving);
}
