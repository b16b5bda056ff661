import { idsKeepingOrder } from "./common-order";
import { diffAddressLists, type AddressListDiff } from "./diff-address-lists";
import { diffNat, natChangeCount, type NatDiff } from "./diff-nat";
import { RULE_FIELD_LABELS, RULE_FIELDS, formatRuleField, type RuleField } from "./format-field";
import type { RawRule } from "./raw-rule";
import type { Rule, RuleSetContent } from "./schema";

/**
 * What changed between two snapshots of a rule set, keyed on stable rule ids. The result is plain JSON so the
 * preview, the review screen and the deployment log can store and render the very same object.
 */

export type FieldChange = {
  path: RuleField;
  label: string;
  old: Rule[RuleField];
  new: Rule[RuleField];
  oldText: string;
  newText: string;
};

export type RuleSetDiff = {
  rulesAdded: { id: string; index: number; rule: Rule }[];
  rulesRemoved: { id: string; index: number; rule: Rule }[];
  /** Only rules outside the longest run that kept its order; `from`/`to` are positions before and after. */
  rulesMoved: { id: string; from: number; to: number }[];
  /** `index` is the position after the change. */
  rulesChanged: { id: string; index: number; changes: FieldChange[] }[];
  addressLists: AddressListDiff[];
  /** Present only when the NAT rules changed (./diff-nat.ts). */
  nat?: NatDiff;
  summary: DiffSummary;
};

export type DiffSummary = {
  rulesAdded: number;
  rulesRemoved: number;
  rulesMoved: number;
  rulesChanged: number;
  listsAdded: number;
  listsRemoved: number;
  listsChanged: number;
  entriesAdded: number;
  entriesRemoved: number;
  entryCommentsChanged: number;
  /** NAT rules added, removed, changed or moved; present only when some were. */
  natChanges?: number;
  identical: boolean;
};

export function diffRuleSets(before: RuleSetContent, after: RuleSetContent): RuleSetDiff {
  const beforeIndex = new Map(before.rules.map((r, i) => [r.id, i]));
  const afterIndex = new Map(after.rules.map((r, i) => [r.id, i]));

  const rulesAdded = after.rules.flatMap((rule, index) =>
    beforeIndex.has(rule.id) ? [] : [{ id: rule.id, index, rule }],
  );
  const rulesRemoved = before.rules.flatMap((rule, index) =>
    afterIndex.has(rule.id) ? [] : [{ id: rule.id, index, rule }],
  );

  const kept = idsKeepingOrder(
    before.rules.map((r) => r.id),
    after.rules.map((r) => r.id),
  );
  const rulesMoved = after.rules.flatMap((rule, to) => {
    const from = beforeIndex.get(rule.id);
    return from === undefined || kept.has(rule.id) ? [] : [{ id: rule.id, from, to }];
  });

  const rulesChanged = after.rules.flatMap((rule, index) => {
    const from = beforeIndex.get(rule.id);
    if (from === undefined) return [];
    const changes = diffRuleFields(before.rules[from], rule);
    return changes.length === 0 ? [] : [{ id: rule.id, index, changes }];
  });

  const addressLists = diffAddressLists(before.addressLists, after.addressLists);
  const summary = summarise(
    rulesAdded.length,
    rulesRemoved.length,
    rulesMoved.length,
    rulesChanged.length,
    addressLists,
  );
  const nat = diffNat(before, after);
  if (!nat) return { rulesAdded, rulesRemoved, rulesMoved, rulesChanged, addressLists, summary };
  const natSummary = { ...summary, natChanges: natChangeCount(nat), identical: false };
  return { rulesAdded, rulesRemoved, rulesMoved, rulesChanged, addressLists, nat, summary: natSummary };
}

export function diffRuleFields(before: Rule, after: Rule): FieldChange[] {
  return RULE_FIELDS.flatMap((field): FieldChange[] => {
    const old = before[field];
    const next = after[field];
    if (sameValue(old, next)) return [];
    if (field === "raw" && before.raw && after.raw && before.raw.vendor === after.raw.vendor)
      return rawPropChanges(before.raw, after.raw);
    return [
      {
        path: field,
        label: RULE_FIELD_LABELS[field],
        old,
        new: next,
        oldText: formatRuleField(field, old as never),
        newText: formatRuleField(field, next as never),
      },
    ];
  });
}

/** A raw rule's edit as one change per property (`property in-interface-list: !LAN -> !TRUSTED`). */
function rawPropChanges(before: RawRule, after: RawRule): FieldChange[] {
  const text = (v: RawRule["props"][string] | undefined) =>
    v === undefined ? "(none)" : Array.isArray(v) ? v.join(" ") : v === "" ? '""' : v;
  const names = [...new Set([...Object.keys(before.props), ...Object.keys(after.props)])];
  const changes: FieldChange[] = names
    .filter((k) => !sameValue(before.props[k], after.props[k]))
    .map((k) => ({
      path: "raw",
      label: `raw property ${k}`,
      old: before,
      new: after,
      oldText: text(before.props[k]),
      newText: text(after.props[k]),
    }));
  if (before.type !== after.type)
    changes.unshift({
      path: "raw",
      label: "raw type",
      old: before,
      new: after,
      oldText: before.type,
      newText: after.type,
    });
  return changes;
}

// Rule values are JSON data from the schema, so a canonical JSON string is an exact equality test
// (object keys are sorted so { kind, list } equals { list, kind }).
function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
        )
      : v,
  );
}

function summarise(
  added: number,
  removed: number,
  moved: number,
  changed: number,
  lists: AddressListDiff[],
): DiffSummary {
  const count = (change: AddressListDiff["change"]) => lists.filter((l) => l.change === change).length;
  const changedLists = lists.flatMap((l) => (l.change === "changed" ? [l] : []));
  const summary = {
    rulesAdded: added,
    rulesRemoved: removed,
    rulesMoved: moved,
    rulesChanged: changed,
    listsAdded: count("added"),
    listsRemoved: count("removed"),
    listsChanged: changedLists.length,
    entriesAdded: changedLists.reduce((n, l) => n + l.entriesAdded.length, 0),
    entriesRemoved: changedLists.reduce((n, l) => n + l.entriesRemoved.length, 0),
    entryCommentsChanged: changedLists.reduce((n, l) => n + l.commentsChanged.length, 0),
  };
  return { ...summary, identical: Object.values(summary).every((n) => n === 0) };
}
