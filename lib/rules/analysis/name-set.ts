/**
 * Interface sets. A packet has one concrete interface name or none, so a set is either finite ("exactly these
 * names") or cofinite ("anything except these names"). NO_INTERFACE ("", never a valid interface name) stands
 * for "the packet has no such interface", e.g. the out-interface of a packet on the input chain.
 */

export type NameSet = { readonly except: boolean; readonly names: readonly string[] };

export const NO_INTERFACE = "";
export const ANY_NAME: NameSet = { except: true, names: [] };
export const NO_NAME: NameSet = { except: false, names: [] };

export function onlyName(name: string): NameSet {
  return { except: false, names: [name] };
}

export function isEmptyNames(set: NameSet): boolean {
  return !set.except && set.names.length === 0;
}

export function hasName(set: NameSet, name: string): boolean {
  return set.names.includes(name) !== set.except;
}

export function intersectNames(a: NameSet, b: NameSet): NameSet {
  if (a.except && a.names.length === 0) return b;
  if (b.except && b.names.length === 0) return a;
  if (a.except && b.except) return { except: true, names: union(a.names, b.names) };
  if (a.except) return { except: false, names: b.names.filter((n) => !a.names.includes(n)) };
  if (b.except) return { except: false, names: a.names.filter((n) => !b.names.includes(n)) };
  return { except: false, names: a.names.filter((n) => b.names.includes(n)) };
}

/** a ⊆ b, without building a \ b. */
export function isSubsetNames(a: NameSet, b: NameSet): boolean {
  if (a.except) return b.except && b.names.every((n) => a.names.includes(n));
  return b.except ? !a.names.some((n) => b.names.includes(n)) : a.names.every((n) => b.names.includes(n));
}

export function subtractNames(a: NameSet, b: NameSet): NameSet {
  return intersectNames(a, { except: !b.except, names: b.names });
}

export function namesOverlap(a: NameSet, b: NameSet): boolean {
  if (a.except && b.except) return true; // two cofinite sets always share a name
  if (a.except) return b.names.some((n) => !a.names.includes(n));
  if (b.except) return a.names.some((n) => !b.names.includes(n));
  return a.names.some((n) => b.names.includes(n));
}

/** A member of a non-empty set: a listed name, else "no interface" if allowed, else a made-up unlisted name. */
export function someName(set: NameSet): string {
  if (!set.except) return set.names[0];
  if (!set.names.includes(NO_INTERFACE)) return NO_INTERFACE;
  for (let i = 0; ; i++) if (!set.names.includes(`other${i}`)) return `other${i}`;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...a, ...b.filter((n) => !a.includes(n))];
}
