/**
 * Names of the sections Rampart owns (docs/rulings.md §3: named sections with a `rampart` prefix).
 *
 *   rule     rampart_<ruleId>            one section for the rule
 *            rampart_<ruleId>_4 / _6     the rule split per family (address lists, negated addresses)
 *   ipset    rampart_set_<list>_4 / _6   one nft set per address list and family (fw4 sets are one family)
 *
 * Rule ids are `r[a-z0-9]{6,24}` (no `_`), so `set_…` can never collide with a rule. List names may hold `-`,
 * which uci section names cannot: `_` is written `__` and `-` is written `_d`, which reads back unambiguously.
 * The ipset's nft set name is the section name itself, so a foreign set can never be shadowed.
 */
export const MANAGED_PREFIX = "rampart_";
const SET_PREFIX = `${MANAGED_PREFIX}set_`;

export type IpFamily = "ipv4" | "ipv6";
const SUFFIX: Record<IpFamily, string> = { ipv4: "_4", ipv6: "_6" };

export function ruleSectionName(ruleId: string, family: IpFamily | null): string {
  return `${MANAGED_PREFIX}${ruleId}${family ? SUFFIX[family] : ""}`;
}

function encodeListName(list: string): string {
  return list.replace(/_/g, "__").replace(/-/g, "_d");
}

function decodeListName(encoded: string): string | null {
  let out = "";
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded[i];
    if (c !== "_") {
      out += c;
      continue;
    }
    const next = encoded[++i];
    if (next === "_") out += "_";
    else if (next === "d") out += "-";
    else return null;
  }
  return out;
}

export function setSectionName(list: string, family: IpFamily): string {
  return `${SET_PREFIX}${encodeListName(list)}${SUFFIX[family]}`;
}

export const isManagedName = (name: string | null | undefined): name is string =>
  !!name && name.startsWith(MANAGED_PREFIX);

/** What a managed section name stands for; null for foreign names and names Rampart never generates. */
export function parseManagedName(
  name: string,
): { kind: "rule"; ruleId: string; family: IpFamily | null } | { kind: "set"; list: string; family: IpFamily } | null {
  if (!name.startsWith(MANAGED_PREFIX)) return null;
  if (name.startsWith(SET_PREFIX)) {
    const m = /^(.+)_([46])$/.exec(name.slice(SET_PREFIX.length));
    const list = m ? decodeListName(m[1]) : null;
    return m && list ? { kind: "set", list, family: m[2] === "4" ? "ipv4" : "ipv6" } : null;
  }
  const m = /^(r[a-z0-9]{6,24})(?:_([46]))?$/.exec(name.slice(MANAGED_PREFIX.length));
  if (!m) return null;
  return { kind: "rule", ruleId: m[1], family: m[2] === undefined ? null : m[2] === "4" ? "ipv4" : "ipv6" };
}
