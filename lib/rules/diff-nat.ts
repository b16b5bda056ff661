import { describeNatRule } from "./describe-nat";
import { natRulesOf } from "./make-nat-rule";
import type { RuleSetContent } from "./schema";

/**
 * What changed in the NAT rules between two snapshots, keyed on rule ids, each rule as its one-line sentence
 * (describeNatRule): NAT rules are few, so a changed rule shows its sentence before and after.
 */
export type NatDiff = {
  added: { id: string; index: number; text: string }[];
  removed: { id: string; index: number; text: string }[];
  changed: { id: string; index: number; oldText: string; newText: string }[];
  moved: { id: string; from: number; to: number }[];
};

export function diffNat(before: RuleSetContent, after: RuleSetContent): NatDiff | null {
  const a = natRulesOf(before);
  const b = natRulesOf(after);
  const oldIndex = new Map(a.map((n, i) => [n.id, i]));
  const newIds = new Set(b.map((n) => n.id));
  const sentence = (n: (typeof a)[number]) =>
    `${describeNatRule(n)}${n.comment ? ` (${n.comment})` : ""}${n.enabled ? "" : " [disabled]"}`;
  const diff: NatDiff = { added: [], removed: [], changed: [], moved: [] };
  a.forEach((n, index) => {
    if (!newIds.has(n.id)) diff.removed.push({ id: n.id, index, text: sentence(n) });
  });
  // Places among the rules on both sides, so a removal does not show every later rule as moved.
  const commonBefore = a.filter((n) => newIds.has(n.id)).map((n) => n.id);
  const commonAfter = b.filter((n) => oldIndex.has(n.id)).map((n) => n.id);
  b.forEach((n, index) => {
    const from = oldIndex.get(n.id);
    if (from === undefined) return void diff.added.push({ id: n.id, index, text: sentence(n) });
    const old = a[from];
    if (JSON.stringify(old) !== JSON.stringify(n) && sentence(old) !== sentence(n))
      diff.changed.push({ id: n.id, index, oldText: sentence(old), newText: sentence(n) });
    else if (JSON.stringify(old) !== JSON.stringify(n))
      diff.changed.push({ id: n.id, index, oldText: JSON.stringify(old), newText: JSON.stringify(n) });
    if (commonBefore.indexOf(n.id) !== commonAfter.indexOf(n.id)) diff.moved.push({ id: n.id, from, to: index });
  });
  const count = diff.added.length + diff.removed.length + diff.changed.length + diff.moved.length;
  return count === 0 ? null : diff;
}

export function natChangeCount(d: NatDiff): number {
  return d.added.length + d.removed.length + d.changed.length + d.moved.length;
}
