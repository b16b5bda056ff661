import { createHash } from "node:crypto";
import type { LiveFirewall } from "@/lib/routers/driver";

/**
 * Routers set up alike read back alike, and from the same compiled revision their plan, resulting chain and
 * read-back comparison are then the same too: the planner's functions are pure. A fleet push worked each of
 * them out again for every router. Every router is still read, and the key is that read itself, whole (dynamic
 * rows, refs, interface names: more than the state hash covers), so a router that differs in one byte gets its
 * own work. These are pure caches of deterministic functions of their keys: nothing in them can go stale, and
 * two server processes each keep their own without ever disagreeing. What they hand out is shared: read-only.
 */

const keyOf = new WeakMap<LiveFirewall, string>();

/** The whole read as the planner sees it; once per read (a push keys its chain and its revert timer by it). */
export function readKey(live: LiveFirewall): string {
  let key = keyOf.get(live);
  if (key === undefined) keyOf.set(live, (key = createHash("sha256").update(JSON.stringify(live)).digest("base64")));
  return key;
}

/**
 * Results kept per owner: a fleet of alike routers needs one; a few more cover a fleet in a few shapes. Bounds the
 * memory held (a 2,000-rule plan with its chain is a few MB).
 */
const KEEP_PER_OWNER = 4;

/**
 * A cache of one kind of work. `owner` is the compiled revision the work starts from (an object shared while
 * its revision stays cached: compiled-revision.ts), so entries go with it; `key` names everything else the
 * work reads (readKey, and its options).
 */
export function sharedWork<T>(): (owner: object, key: string, work: () => T) => T {
  const byOwner = new WeakMap<object, Map<string, T>>();
  return (owner, key, work) => {
    let kept = byOwner.get(owner);
    if (!kept) byOwner.set(owner, (kept = new Map()));
    const hit = kept.get(key);
    if (hit !== undefined) {
      // Most recently used last, so the oldest is the first key.
      kept.delete(key);
      kept.set(key, hit);
      return hit;
    }
    const made = work();
    kept.set(key, made);
    if (kept.size > KEEP_PER_OWNER) kept.delete(kept.keys().next().value!);
    return made;
  };
}
