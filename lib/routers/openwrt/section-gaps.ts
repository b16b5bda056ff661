/**
 * Where managed sections sit among the router's own rule sections (README.md "Ownership and placement").
 *
 * fw4 renders `rule` sections in file order within each chain, so only foreign `rule` sections cut the config
 * into gaps: gap g is everything before the g-th foreign rule section (0-based), the last gap everything after
 * the last one. Redirects, NAT, includes and sets are rendered apart from the filter rules (own chains, their own
 * `position`), so they are no boundary. Managed sets belong to the top gap, ahead of every managed rule.
 *
 * A push records per managed rule section the foreign rule section it sits directly before (null: after the
 * last). uci's anonymous refs (`@rule[3]`, `cfg0592bd`) shift whenever a section is inserted or removed, so a
 * foreign section is named by its section name when it has one, else by a digest of its type and options; the
 * n-th section (n > 1) with the same digest gets `#n`.
 */
import { createHash } from "node:crypto";
import type { Placement } from "../driver";
import { keepGapsInOrder } from "../kept-gaps";
import { isManagedName } from "./managed-names";
import type { SectionSpec } from "./section-spec";
import type { UciSection } from "./uci-export-parse";

export const isForeignRule = (s: UciSection) => s.type === "rule" && !isManagedName(s.name);

function digest(s: UciSection): string {
  const options = [...s.options].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256")
    .update(JSON.stringify([s.type, options]))
    .digest("hex")
    .slice(0, 16);
}

/** Stable identities of the foreign rule sections, in file order (see above). */
export function foreignRuleKeys(sections: UciSection[]): string[] {
  const seen = new Map<string, number>();
  return sections.filter(isForeignRule).map((s) => {
    if (s.name !== null) return s.name;
    const d = `sha256:${digest(s)}`;
    const n = (seen.get(d) ?? 0) + 1;
    seen.set(d, n);
    return n === 1 ? d : `${d}#${n}`;
  });
}

/** Gap of every managed section as the sections stand (first section of a name wins). */
export function currentGaps(sections: UciSection[]): Map<string, number> {
  const out = new Map<string, number>();
  let gap = 0;
  for (const s of sections) {
    if (isForeignRule(s)) gap++;
    else if (isManagedName(s.name) && !out.has(s.name)) out.set(s.name, gap);
  }
  return out;
}

/** Where each managed rule section of `sections` stands: the key of the foreign rule section after it, or null. */
export function placementOfSections(sections: UciSection[]): Placement {
  const keys = foreignRuleKeys(sections);
  const out: Placement = {};
  let gap = 0;
  for (const s of sections) {
    if (isForeignRule(s)) gap++;
    else if (s.type === "rule" && isManagedName(s.name) && !(s.name in out)) out[s.name] = keys[gap] ?? null;
  }
  return out;
}

export interface KeptGaps {
  /** Wanted gap per wanted section name (0 .. number of foreign rule sections). */
  gapOf: Map<string, number>;
  /** The placement to record: per managed rule section, the foreign rule section key it sits before, or null. */
  placement: Placement;
}

/**
 * Push layout. A rule section keeps the gap it was last pushed into (`recorded`), or, with no record (or its
 * foreign section gone), the gap it is in now; so sections taken over from a router stay between the router's own
 * rule sections, and a push never changes what a foreign rule sees. Where the rule-set order and those gaps
 * disagree, the longest run already in order keeps its gaps and every other section (and every new one) joins
 * the gap of the section before it; sets and the first rule take the top gap. On a router only Rampart pushed to,
 * everything is in the top gap: one block right before the first foreign rule section, deciding first.
 */
export function keptGaps(current: UciSection[], want: SectionSpec[], recorded: Placement = {}): KeptGaps {
  const keys = foreignRuleKeys(current);
  const gapOfKey = new Map(keys.map((k, i) => [k, i]));
  const now = currentGaps(current);
  const wanted = want.map((w) => {
    if (w.type !== "rule") return 0;
    const rec = recorded[w.name];
    if (rec === null) return keys.length;
    const g = rec === undefined ? undefined : gapOfKey.get(rec);
    return g ?? now.get(w.name);
  });
  const gaps = keepGapsInOrder(wanted);
  const gapOf = new Map<string, number>();
  const placement: Placement = {};
  want.forEach((w, i) => {
    gapOf.set(w.name, gaps[i]);
    if (w.type === "rule") placement[w.name] = keys[gaps[i]] ?? null;
  });
  return { gapOf, placement };
}

/**
 * Foreign rule sections added by hand inside a block of managed rule sections (README.md "Ownership and
 * placement"): between managed rule sections whose recorded place is before a foreign rule section further down.
 * They are no gap boundary: each goes back below the block, right before that foreign section (null: to the end),
 * one `reorder` each, instead of every managed section above them moving below them. A section already there
 * stays loose and needs nothing. Index in `sections` -> the key of the foreign rule section it goes before.
 */
export function looseRuleSections(sections: UciSection[], recorded: Placement): Map<number, string | null> {
  const anchors = new Set(Object.values(recorded).filter((a): a is string => a !== null));
  const keys = foreignRuleKeys(sections);
  const loose = new Map<number, string | null>();
  let open: string | null | undefined;
  let pending: number[] = [];
  let k = 0;
  sections.forEach((s, i) => {
    if (isForeignRule(s)) {
      const key = keys[k++];
      if (anchors.has(key)) {
        if (open === key) for (const p of pending) loose.set(p, key);
        pending = [];
        open = undefined;
      } else if (open !== undefined) pending.push(i);
    } else if (s.type === "rule" && isManagedName(s.name) && s.name in recorded) open = recorded[s.name];
  });
  if (open === null) for (const p of pending) loose.set(p, null);
  return loose;
}
