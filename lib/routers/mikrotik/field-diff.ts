import {
  FILTER_WRITE_ORDER,
  isReadOnly,
  LIST_WRITE_ORDER,
  NAT_WRITE_ORDER,
  normaliseValue,
  propDefault,
  type TableKind,
} from "./firewall-props";

/**
 * Property-level difference between a row the router holds and the fields it should have. Read-only
 * properties are ignored; a property at its printed default equals an absent one (firewall-props.ts).
 */
export interface FieldChange {
  prop: string;
  old: string;
  new: string;
  /** The API word that makes the change: `=prop=value`, or `=!prop=` to unset (docs/routeros-api-protocol.md §6). */
  word: string;
}

export function diffFields(
  kind: TableKind,
  live: Record<string, string>,
  desired: Record<string, string>,
): FieldChange[] {
  const out: FieldChange[] = [];
  const compare = (prop: string) => {
    if (isReadOnly(prop)) return;
    const def = propDefault(kind, prop);
    const want = desired[prop] ?? def;
    const have = live[prop] ?? def;
    // Most values read back exactly as written: only different spellings need normalising (addresses parse).
    if (want === have) return;
    if (want !== undefined && have !== undefined && normaliseValue(prop, want) === normaliseValue(prop, have)) return;
    if (want === undefined) out.push({ prop, old: have!, new: "", word: `=!${prop}=` });
    else out.push({ prop, old: have ?? "", new: want, word: `=${prop}=${want}` });
  };
  for (const prop in desired) compare(prop);
  for (const prop in live) if (!Object.hasOwn(desired, prop)) compare(prop);
  if (out.length < 2) return out;
  const order = sortProps(
    kind,
    out.map((c) => c.prop),
  );
  return order.map((p) => out.find((c) => c.prop === p)!);
}

/** Properties in write order (unknown ones after, alphabetically), so wire words are stable. */
export function sortProps(kind: TableKind, props: string[]): string[] {
  const ranks = kind === "filter" ? FILTER_RANK : kind === "nat" ? NAT_RANK : LIST_RANK;
  const rank = (p: string) => ranks.get(p) ?? ranks.size;
  return [...props].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

// Ranks looked up, not searched: every planned add and summary sorts its properties (a fleet preview, millions).
const rankOf = (order: readonly string[]) => new Map(order.map((p, i) => [p, i]));
const FILTER_RANK = rankOf(FILTER_WRITE_ORDER);
const NAT_RANK = rankOf(NAT_WRITE_ORDER);
const LIST_RANK = rankOf(LIST_WRITE_ORDER);

/** The writable properties of a row as it was read, for restoring it (read-only ones dropped). */
export function writableFields(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !isReadOnly(k)));
}
