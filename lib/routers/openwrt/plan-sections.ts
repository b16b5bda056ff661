/**
 * The core of planning: current sections (all of them, from `uci export`) + the managed sections wanted, in
 * order -> the fewest `uci batch` lines, the field-level changes, and the whole config text after the change
 * (what the `uci import` strategy sends).
 *
 * Placement (section-gaps.ts): fw4 renders rule sections in file order within each chain, so the foreign `rule`
 * sections cut the config into gaps and every managed section sits in one. A rule section stays in the gap it was
 * last pushed into (the recorded placement) or, unrecorded, the gap it is in now; new sections and sections the
 * rule-set order no longer lets stay join the gap of the section before them, sets and the first rule the top
 * gap. On a router only Rampart pushed to that is one block (sets, then rules in rule-set order) immediately
 * before the first foreign rule section (or at the end when there is none), so Rampart's rules are evaluated
 * before the admin's own; sections taken over from a router keep their places between its own rule sections.
 * Foreign sections are never changed, moved or removed (a `reorder` of a managed section shifts absolute
 * indexes, never the foreign sections' order).
 *
 * Fewest lines: unchanged sections get none; a changed option is one `set` (lists: one `add_list`/`del_list`
 * per item); in each gap the longest run of sections already there and in wanted order stays (longest increasing
 * subsequence), every other managed section gets exactly one `reorder`, placed right after its predecessor in the
 * wanted order when that one shares its gap, else before the first section of its gap that stays, or the foreign
 * rule section closing the gap.
 * "exact" mode (restore) also keeps option order and list order, recreating a section where edits could not.
 */
import { longestIncreasingSubsequence } from "../../longest-increasing";
import type { FirewallChange, Placement } from "../driver";
import { isManagedName, parseManagedName } from "./managed-names";
import { foreignRuleKeys, keptGaps, looseRuleSections } from "./section-gaps";
import {
  optionMap,
  renderSection,
  sameValue,
  showValue,
  specFromSection,
  type SectionSpec,
  type UciValue,
} from "./section-spec";
import type { UciSection } from "./uci-export-parse";
import { renderExport } from "./uci-export-parse";
import {
  uciAddListLine,
  uciDeleteLine,
  uciDelListLine,
  uciReorderLine,
  uciReorderRefLine,
  uciSetLine,
} from "./uci-quote";

export type PlanMode = "semantic" | "exact";

export interface SectionPlan {
  lines: string[];
  changes: FirewallChange[];
  counts: { add: number; change: number; remove: number; move: number };
  /** The full `uci export` text the config has once the plan ran (what `uci import` is given). */
  afterText: string;
  sectionsInFile: number;
  /** Per managed rule section, the foreign rule section it sits before once the plan ran (section-gaps.ts). */
  placement: Placement;
  /** Foreign rule sections the plan moves back below Rampart's block (looseRuleSections); only a batch can. */
  foreignMoves: number;
}

interface Cur {
  id: string;
  section: UciSection;
  managed: boolean;
}

const idOf = (s: UciSection, i: number) => (s.name !== null ? s.name : `#${i}`);

/** Lines taking one kept section's options from `live` to `want`; null when "exact" needs a recreate. */
function optionLines(
  name: string,
  live: SectionSpec,
  want: SectionSpec,
  mode: PlanMode,
): { lines: string[]; fields: FieldDiff[] } | null {
  const ordered = mode === "exact";
  const L = optionMap(live);
  const W = optionMap(want);
  const lines: string[] = [];
  const fields: FieldDiff[] = [];
  const order = [...L.keys()];
  const moveToEnd = (k: string) => {
    const i = order.indexOf(k);
    if (i >= 0) order.splice(i, 1);
    order.push(k);
  };
  for (const [k, w] of W) {
    const l = L.get(k);
    if (sameValue(l, w, ordered)) continue;
    fields.push({ option: k, old: showValue(l), new: showValue(w) });
    if (!Array.isArray(w)) {
      lines.push(uciSetLine(name, k, w));
      if (l === undefined) order.push(k);
      continue;
    }
    if (Array.isArray(l)) {
      const removed = [...new Set(l.filter((x) => !w.includes(x)))];
      const added = [...new Set(w.filter((x) => !l.includes(x)))];
      const result = [...l.filter((x) => w.includes(x)), ...added];
      if (!ordered || sameValue(result, w, true)) {
        for (const x of removed) lines.push(uciDelListLine(name, k, x));
        for (const x of added) lines.push(uciAddListLine(name, k, x));
        continue;
      }
    }
    if (l !== undefined) lines.push(uciDeleteLine(name, k));
    for (const x of w) lines.push(uciAddListLine(name, k, x));
    moveToEnd(k);
  }
  for (const [k, l] of L) {
    if (W.has(k)) continue;
    fields.push({ option: k, old: showValue(l), new: "" });
    lines.push(uciDeleteLine(name, k));
    order.splice(order.indexOf(k), 1);
  }
  if (ordered && lines.length > 0 && order.join("\0") !== [...W.keys()].join("\0")) return null;
  return { lines, fields };
}

function addLines(spec: SectionSpec): string[] {
  const lines = [uciSetLine(spec.name, null, spec.type)];
  for (const [k, v] of spec.options) {
    if (Array.isArray(v)) for (const x of v) lines.push(uciAddListLine(spec.name, k, x));
    else lines.push(uciSetLine(spec.name, k, v));
  }
  return lines;
}

interface FieldDiff {
  option: string;
  old: string;
  new: string;
}

export function planSections(
  current: UciSection[],
  want: SectionSpec[],
  mode: PlanMode,
  /** Exact section texts to use for wanted sections (restore from a kept export). */
  wantTexts: Map<string, string> = new Map(),
  /** The placement of the last push (section-gaps.ts); absent: sections keep the gaps they are in. */
  recorded?: Placement,
): SectionPlan {
  const cur: Cur[] = current.map((s, i) => ({ id: idOf(s, i), section: s, managed: isManagedName(s.name) }));
  const curManaged = new Map(cur.filter((c) => c.managed).map((c) => [c.id, c]));
  const wantByName = new Map(want.map((w) => [w.name, w]));
  const wantIndex = new Map(want.map((w, i) => [w.name, i]));

  const deleteLines: string[] = [];
  const editLines: string[] = [];
  const addSpecs: SectionSpec[] = [];
  const removedIds = new Set<string>();
  const recreated = new Set<string>();
  const unchanged = new Set<string>();
  const fieldDiffs = new Map<string, FieldDiff[]>();

  for (const c of cur) {
    if (!c.managed) continue;
    const w = wantByName.get(c.id);
    if (!w || w.type !== c.section.type) {
      deleteLines.push(uciDeleteLine(c.id));
      removedIds.add(c.id);
      if (w) recreated.add(c.id);
    }
  }
  for (const w of want) {
    const c = curManaged.get(w.name);
    if (!c || removedIds.has(w.name)) {
      addSpecs.push(w);
      continue;
    }
    const diff = optionLines(w.name, specFromSection(c.section), w, mode);
    if (diff === null) {
      deleteLines.push(uciDeleteLine(w.name));
      removedIds.add(w.name);
      recreated.add(w.name);
      addSpecs.push(w);
      fieldDiffs.set(w.name, [{ option: "(section rewritten)", old: "", new: "" }]);
      continue;
    }
    editLines.push(...diff.lines);
    if (diff.lines.length === 0) unchanged.add(w.name);
    else fieldDiffs.set(w.name, diff.fields);
  }
  const addLinesAll = addSpecs.flatMap(addLines);

  // Foreign rule sections put among Rampart's by hand go back below the block first, one reorder each (they
  // are no gap boundary); their lines run before any other, so an anonymous one is still `@rule[i]` as read.
  const loose = recorded ? looseRuleSections(current, recorded) : new Map<number, string | null>();
  const looseIds = new Set([...loose.keys()].map((i) => cur[i].id));
  const full = cur.map((c) => c.id);
  const looseLines: string[] = [];
  const looseChanges: FirewallChange[] = [];
  if (loose.size) {
    const foreignRuleCur = cur.filter((c) => !c.managed && c.section.type === "rule");
    const keyIds = new Map(foreignRuleKeys(current).map((k, i) => [k, foreignRuleCur[i].id]));
    for (const [i, anchor] of [...loose].sort(([a], [b]) => a - b)) {
      const c = cur[i];
      const from = full.indexOf(c.id);
      const ref = c.section.name ?? `@rule[${full.slice(0, from).filter((id) => curType(cur, id) === "rule").length}]`;
      full.splice(from, 1);
      const to = anchor === null ? full.length : full.indexOf(keyIds.get(anchor)!);
      full.splice(to, 0, c.id);
      if (to === from) continue;
      looseLines.push(uciReorderRefLine(ref, to));
      const name = typeof c.section.options.get("name") === "string" ? ` "${c.section.options.get("name")}"` : "";
      looseChanges.push({
        kind: "move",
        ruleId: null,
        description: `move the router's own rule section ${c.section.name ?? ref}${name} back below Rampart's rules (it was put among them)`,
      });
    }
  }

  // Order: simulate the section list as uci will hold it, then move what must move.
  const arr: string[] = full.filter((id) => !removedIds.has(id));
  for (const a of addSpecs) arr.push(a.name);
  const managedSet = new Set(want.map((w) => w.name));
  const foreignRules = new Set(
    cur
      .filter((c) => !managedSet.has(c.id) && !removedIds.has(c.id) && c.section.type === "rule" && !looseIds.has(c.id))
      .map((c) => c.id),
  );
  const foreignRuleIds = arr.filter((id) => foreignRules.has(id));
  const gaps = keptGaps(loose.size ? current.filter((_, i) => !loose.has(i)) : current, want, recorded);
  // the place right before what closes gap g: its foreign rule section, or the loose sections that go before it
  const closing = (g: number) => {
    let pos = g < foreignRuleIds.length ? arr.indexOf(foreignRuleIds[g]) : arr.length;
    while (pos > 0 && looseIds.has(arr[pos - 1])) pos--;
    return pos;
  };
  const gapOf = (name: string) => gaps.gapOf.get(name)!;
  const added = new Set(addSpecs.map((a) => a.name));

  // Sections already in their gap may stay; within each gap, the longest run already in wanted order does.
  const groups = new Map<number, string[]>();
  let gapHere = 0;
  for (const id of arr) {
    if (foreignRules.has(id)) gapHere++;
    else if (managedSet.has(id) && !added.has(id) && gapOf(id) === gapHere)
      groups.set(gapHere, [...(groups.get(gapHere) ?? []), id]);
  }
  const stable = new Set<string>();
  for (const group of groups.values()) {
    for (const i of longestIncreasingSubsequence(group.map((id) => wantIndex.get(id)!))) stable.add(group[i]);
  }

  // Each other section goes right after the section before it when that one shares its gap, else right before
  // the first section of its gap that stays, else right before the foreign rule section closing the gap.
  const reorderLines: string[] = [];
  const moved = new Set<string>();
  want.forEach((w, i) => {
    if (stable.has(w.name)) return;
    const from = arr.indexOf(w.name);
    arr.splice(from, 1);
    const g = gapOf(w.name);
    let pos: number;
    if (i > 0 && gapOf(want[i - 1].name) === g) pos = arr.indexOf(want[i - 1].name) + 1;
    else {
      const firstStable = want.find((x, j) => j > i && stable.has(x.name) && gapOf(x.name) === g);
      pos = firstStable ? arr.indexOf(firstStable.name) : closing(g);
    }
    arr.splice(pos, 0, w.name);
    // a section already in place once the others moved needs no line
    if (pos !== from) {
      reorderLines.push(uciReorderLine(w.name, pos));
      if (!addSpecs.includes(w)) moved.add(w.name);
    }
  });
  checkOrder(
    arr,
    want,
    foreignRuleIds,
    gapOf,
    full.filter((id) => !managedSet.has(id) && !removedIds.has(id)),
  );

  const lines = [...looseLines, ...deleteLines, ...editLines, ...addLinesAll, ...reorderLines];

  const curById = new Map(cur.map((c) => [c.id, c]));
  const textOf = (id: string): string => {
    const c = curById.get(id);
    if (c && (!c.managed || unchanged.has(id))) return c.section.text;
    return wantTexts.get(id) ?? renderSection(wantByName.get(id)!);
  };
  const afterText = renderExport(arr.map(textOf));

  const changes = [
    ...describeChanges({ cur, want, removedIds, recreated, addSpecs, fieldDiffs, moved }),
    ...looseChanges,
  ];
  const counts = { add: 0, change: 0, remove: 0, move: 0 };
  for (const c of changes) counts[c.kind]++;
  return {
    lines,
    changes,
    counts,
    afterText,
    sectionsInFile: current.length,
    placement: gaps.placement,
    foreignMoves: looseLines.length,
  };
}

const curType = (cur: Cur[], id: string) => cur.find((c) => c.id === id)?.section.type;

/** The simulated result must hold every foreign section in its old order and the managed ones in wanted order, each in its gap. */
function checkOrder(
  arr: string[],
  want: SectionSpec[],
  foreignRuleIds: string[],
  gapOf: (name: string) => number,
  foreign: string[],
) {
  const managed = new Set(want.map((w) => w.name));
  const rules = new Set(foreignRuleIds);
  let gap = 0;
  let ok =
    arr.filter((id) => !managed.has(id)).join("\0") === foreign.join("\0") &&
    arr.filter((id) => managed.has(id)).join("\0") === want.map((w) => w.name).join("\0");
  for (const id of arr) {
    if (rules.has(id)) gap++;
    else if (managed.has(id) && gapOf(id) !== gap) ok = false;
  }
  if (!ok) throw new Error("openwrt planner: section order simulation did not reach the target");
}

interface DescribeInput {
  cur: Cur[];
  want: SectionSpec[];
  removedIds: Set<string>;
  recreated: Set<string>;
  addSpecs: SectionSpec[];
  fieldDiffs: Map<string, FieldDiff[]>;
  moved: Set<string>;
}

const familyLabel = (name: string) => {
  const p = parseManagedName(name);
  return p && p.family ? ` (${p.family})` : "";
};

function describeChanges(d: DescribeInput): FirewallChange[] {
  const changes: FirewallChange[] = [];
  const curManaged = d.cur.filter((c) => c.managed);
  const ruleIds: string[] = [];
  const oldByRule = new Map<string, Cur[]>();
  const newByRule = new Map<string, SectionSpec[]>();
  const note = (id: string) => !ruleIds.includes(id) && ruleIds.push(id);
  for (const w of d.want) {
    const p = parseManagedName(w.name);
    if (p?.kind !== "rule") continue;
    note(p.ruleId);
    newByRule.set(p.ruleId, [...(newByRule.get(p.ruleId) ?? []), w]);
  }
  for (const c of curManaged) {
    const p = parseManagedName(c.id);
    if (p?.kind !== "rule") continue;
    note(p.ruleId);
    oldByRule.set(p.ruleId, [...(oldByRule.get(p.ruleId) ?? []), c]);
  }

  for (const id of ruleIds) {
    const olds = oldByRule.get(id) ?? [];
    const news = newByRule.get(id) ?? [];
    if (olds.length === 0) {
      const fields = news.flatMap((w) =>
        w.options.map(([k, v]) => ({ field: `${k}${familyLabel(w.name)}`, old: "", new: showValue(v) })),
      );
      changes.push({
        kind: "add",
        ruleId: id,
        description: `add rule ${id}${news.length > 1 ? ` as ${news.length} sections (${news.map((w) => w.name).join(", ")})` : ""}`,
        fields,
      });
      continue;
    }
    if (news.length === 0) {
      changes.push({
        kind: "remove",
        ruleId: id,
        description: `remove rule ${id}`,
        fields: olds.flatMap((c) =>
          [...c.section.options].map(([k, v]) => ({ field: `${k}${familyLabel(c.id)}`, old: showValue(v), new: "" })),
        ),
      });
      continue;
    }
    const fields: { field: string; old: string; new: string }[] = [];
    const newNames = new Set(news.map((w) => w.name));
    const oldNames = new Set(olds.map((c) => c.id));
    for (const c of olds) if (!newNames.has(c.id)) fields.push({ field: `section ${c.id}`, old: "present", new: "" });
    for (const w of news)
      if (!oldNames.has(w.name)) fields.push({ field: `section ${w.name}`, old: "", new: "present" });
    for (const w of news) {
      if (!oldNames.has(w.name)) continue;
      for (const f of d.fieldDiffs.get(w.name) ?? [])
        fields.push({ field: `${f.option}${familyLabel(w.name)}`, old: f.old, new: f.new });
    }
    if (fields.length)
      changes.push({
        kind: "change",
        ruleId: id,
        description: `change rule ${id}: ${fields.map((f) => f.field).join(", ")}`,
        fields,
      });
    if (news.some((w) => d.moved.has(w.name)))
      changes.push({
        kind: "move",
        ruleId: id,
        description: `move rule ${id} to position ${ruleIds.filter((r) => newByRule.has(r)).indexOf(id) + 1} of Rampart's rules`,
      });
  }

  // address lists: one change per entry; sections Rampart does not recognise are removed
  const entries = (v: UciValue | undefined) => [v ?? []].flat();
  const wantSets = new Map(d.want.filter((w) => w.type === "ipset").map((w) => [w.name, w]));
  const curSets = new Map(curManaged.filter((c) => c.section.type === "ipset").map((c) => [c.id, c]));
  for (const name of new Set([...curSets.keys(), ...wantSets.keys()])) {
    const p = parseManagedName(name);
    const list = p?.kind === "set" ? `'${p.list}' (${p.family})` : name;
    const was = entries(curSets.get(name)?.section.options.get("entry"));
    const will = entries(wantSets.get(name) ? optionMap(wantSets.get(name)!).get("entry") : undefined);
    for (const a of will)
      if (!was.includes(a))
        changes.push({ kind: "add", ruleId: null, description: `add ${a} to address list ${list}` });
    for (const a of was)
      if (!will.includes(a))
        changes.push({ kind: "remove", ruleId: null, description: `remove ${a} from address list ${list}` });
    const other = (d.fieldDiffs.get(name) ?? []).filter((f) => f.option !== "entry");
    if (other.length)
      changes.push({
        kind: "change",
        ruleId: null,
        description: `change the set of address list ${list}: ${other.map((f) => f.option).join(", ")}`,
        fields: other.map((f) => ({ field: f.option, old: f.old, new: f.new })),
      });
  }
  for (const c of curManaged) {
    if (parseManagedName(c.id) === null && !d.want.some((w) => w.name === c.id)) {
      changes.push({
        kind: "remove",
        ruleId: null,
        description: `remove section ${c.id} (${c.section.type}), which carries Rampart's prefix but is no part of the rule set`,
      });
    }
  }
  return changes;
}
