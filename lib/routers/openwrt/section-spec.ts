/**
 * A uci section as the planner handles it: type, name and options in order, lists kept apart from plain
 * options (fw4 treats them differently, docs/openwrt-uci.md §2). Flattened to strings the same way
 * LiveFirewallItem.raw is (`key[i]` per list item), so live and desired compare key by key.
 */
import type { UciSection } from "./uci-export-parse";

export type UciValue = string | string[];

export interface SectionSpec {
  type: string;
  name: string;
  options: [string, UciValue][];
}

/** Keys starting with "." are metadata (".type", ".name", ".ref", compile-time markers), never uci options. */
export const isMetaKey = (k: string) => k.startsWith(".");

export function flattenSpec(spec: SectionSpec): Record<string, string> {
  const out: Record<string, string> = { ".type": spec.type, ".name": spec.name };
  for (const [k, v] of spec.options) {
    if (Array.isArray(v)) v.forEach((item, i) => (out[`${k}[${i}]`] = item));
    else out[k] = v;
  }
  return out;
}

/** The inverse of flattenSpec (and of live-firewall's flattenOptions): list items grouped back in order. */
export function specFromFields(fields: Record<string, string>, fallbackName = ""): SectionSpec {
  const options = new Map<string, UciValue>();
  for (const [k, v] of Object.entries(fields)) {
    if (isMetaKey(k)) continue;
    const m = /^([A-Za-z0-9_]+)\[\d+\]$/.exec(k);
    if (m) {
      const prev = options.get(m[1]);
      options.set(m[1], Array.isArray(prev) ? [...prev, v] : [v]);
    } else options.set(k, v);
  }
  return { type: fields[".type"] ?? "rule", name: fields[".name"] ?? fallbackName, options: [...options] };
}

export function specFromSection(s: UciSection): SectionSpec {
  return { type: s.type, name: s.name ?? s.ref, options: [...s.options] };
}

const quote = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;

/** The section as `uci export` prints it (and `uci import` reads it): named, one line per option or item. */
export function renderSection(spec: SectionSpec): string {
  let out = `config ${spec.type} ${quote(spec.name)}\n`;
  for (const [k, v] of spec.options) {
    if (Array.isArray(v)) for (const item of v) out += `\tlist ${k} ${quote(item)}\n`;
    else out += `\toption ${k} ${quote(v)}\n`;
  }
  return out;
}

export const optionMap = (spec: SectionSpec) => new Map(spec.options);

/**
 * Same options and values. Unless `ordered`, list items compare as sets and a plain option compares as the list
 * of its words: fw4 reads `option dest_port '80 443'` exactly like two `list dest_port` lines, and an admin's
 * `uci set` writes the option form of what Rampart writes as a list. `ordered` (a restore) also wants the same
 * list-ness and order, since it must give back the very config text.
 */
export function sameValue(a: UciValue | undefined, b: UciValue | undefined, ordered: boolean): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) {
    if (ordered) return false;
    const words = (v: UciValue) => (Array.isArray(v) ? v : v.split(/\s+/).filter(Boolean));
    return sameValue(words(a), words(b), false);
  }
  if (!Array.isArray(a) || !Array.isArray(b)) return a === b;
  if (ordered) return a.length === b.length && a.every((x, i) => x === b[i]);
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

export const showValue = (v: UciValue | undefined) => (v === undefined ? "" : Array.isArray(v) ? v.join(" ") : v);
