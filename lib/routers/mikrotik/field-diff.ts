import { FILTER_WRITE_ORDER, isReadOnly, LIST_WRITE_ORDER, normaliseValue, propDefault, type TableKind } from "./firewall-props";

/**
 * Property-level difference between a row the router holds and the fields it should have. Read-only
 * properties are ignored; a property at its printed default equals an absent one (firewall-props.ts).
 */
export interface FieldChange {
  prop: string;
  old: string;
  new: string;
  /** The API word that makes the change: `=prop=value`, or `=!prop=` to unset (routeros-api.md §6). */
  word: string;
}

export function diffFields(kind: TableKind, live: Record<string, string>, desired: Record<string, string>): FieldChange[] {
  const props = new Set([...Object.keys(live), ...Object.keys(desired)].filter((p) => !isReadOnly(p)));
  const out: FieldChange[] = [];
  for (const prop of sortProps(kind, [...props])) {
    const def = propDefault(kind, prop);
    const want = desired[prop] ?? def;
    const have = live[prop] ?? def;
    if (want === undefined && have === undefined) continue;
    if (want !== undefined && have !== undefined && normaliseValue(prop, want) === normaliseValue(prop, have)) continue;
    if (want === undefined) out.push({ prop, old: have!, new: "", word: `=!${prop}=` });
    else out.push({ prop, old: have ?? "", new: want, word: `=${prop}=${want}` });
  }
  return out;
}

/** Properties in write order (unknown ones after, alphabetically), so wire words are stable. */
export function sortProps(kind: TableKind, props: string[]): string[] {
  const order = kind === "filter" ? FILTER_WRITE_ORDER : LIST_WRITE_ORDER;
  const rank = (p: string) => (order.includes(p) ? order.indexOf(p) : order.length);
  return [...props].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The writable properties of a row as it was read, for restoring it (read-only ones dropped). */
export function writableFields(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !isReadOnly(k)));
}
