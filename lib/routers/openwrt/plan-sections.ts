/**
 * The core of planning: current sections (all of them, from `uci export`) + the managed sections wanted, in
 * order -> the fewest `uci batch` lines, the field-level changes, and the whole config text after the change
 * (what the `uci import` strategy sends).
 *
 * Placement: the managed block (sets first, then rules in rule-set order) sits immediately before the first
 * foreign `rule` section (or at the end when there is none). fw4 renders rule sections in file order within each
 * chain, so Rampart's rules are evaluated before the admin's own; foreign sections are never changed, moved or
 * removed (a `reorder` of a managed section shifts absolute indexes, never the foreign sections' order).
 *
 * Fewest lines: unchanged sections get none; a changed option is one `set` (lists: one `add_list`/`del_list`
 * per item); sections that keep their relative order (longest increasing subsequence) stay, every other
 * managed section gets exactly one `reorder`, placed right after its predecessor in the wanted order.
 * "exact" mode (restore) also keeps option order and list order, recreating a section where edits could not.
 */
import { longestIncreasingSubsequence } from "../../longest-increasing";
import type { FirewallChange } from "../driver";
import { isManagedName, parseManagedName } from "./managed-names";
import { optionMap, renderSection, sameValue, showValue, specFromSection, type SectionSpec, type UciValue } from "./section-spec";
import type { UciSection } from "./uci-export-parse";
import { renderExport } from "./uci-export-parse";
import { uciAddListLine, uciDeleteLine, uciDelListLine, uciReorderLine, uciSetLine } from "./uci-quote";

export type PlanMode = "semantic" | "exact";

export interface SectionPlan {
  lines: string[];
  changes: FirewallChange[];
  counts: { add: number; change: number; remove: number; move: number };
  /** The full `uci export` text the config has once the plan ran (what `uci import` is given). */
  afterText: string;
  sectionsInFile: number;
}

interface Cur {
  id: string;
  section: UciSection;
  managed: boolean;
}

const idOf = (s: UciSection, i: number) => (s.name !== null ? s.name : `#${i}`);

/** Lines taking one kept section's options from `live` to `want`; null when "exact" needs a recreate. */
function optionLines(name: string, live: SectionSpec, want: SectionSpec, mode: PlanMode): { lines: string[]; fields: FieldDiff[] } | null {
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

  // Order: simulate the section list as uci will hold it, then move what must move.
  const arr: string[] = cur.filter((c) => !removedIds.has(c.id)).map((c) => c.id);
  for (const a of addSpecs) arr.push(a.name);
  const typeOf = new Map<string, string>(cur.map((c) => [c.id, c.section.type]));
  for (const a of addSpecs) typeOf.set(a.name, a.type);
  const managedSet = new Set(want.map((w) => w.name));
  const foreign = arr.filter((id) => !managedSet.has(id));
  const q = foreign.find((id) => typeOf.get(id) === "rule") ?? null;
  const target = q === null ? [...foreign, ...want.map((w) => w.name)] : foreign.flatMap((id) => (id === q ? [...want.map((w) => w.name), id] : [id]));

  const qIdx = q === null ? arr.length : arr.indexOf(q);
  let pIdx = -1;
  for (let i = qIdx - 1; i >= 0; i--) if (!managedSet.has(arr[i])) { pIdx = i; break; }
  const region = arr.slice(pIdx + 1, qIdx);
  const stableIdx = new Set(longestIncreasingSubsequence(region.map((id) => wantIndex.get(id)!)));
  const stable = new Set(region.filter((_, i) => stableIdx.has(i)));

  const reorderLines: string[] = [];
  const moved = new Set<string>();
  want.forEach((w, i) => {
    if (stable.has(w.name)) return;
    const from = arr.indexOf(w.name);
    arr.splice(from, 1);
    let pos: number;
    if (i > 0) pos = arr.indexOf(want[i - 1].name) + 1;
    else {
      const firstStable = want.find((x) => stable.has(x.name));
      pos = firstStable ? arr.indexOf(firstStable.name) : q === null ? arr.length : arr.indexOf(q);
    }
    arr.splice(pos, 0, w.name);
    // a section already in place once the others moved needs no line
    if (pos !== from) {
      reorderLines.push(uciReorderLine(w.name, pos));
      if (!addSpecs.includes(w)) moved.add(w.name);
    }
  });
  if (arr.join("\0") !== target.join("\0")) throw new Error("openwrt planner: section order simulation did not reach the target");

  const lines = [...deleteLines, ...editLines, ...addLinesAll, ...reorderLines];

  const curById = new Map(cur.map((c) => [c.id, c]));
  const textOf = (id: string): string => {
    const c = curById.get(id);
    if (c && (!c.managed || unchanged.has(id))) return c.section.text;
    return wantTexts.get(id) ?? renderSection(wantByName.get(id)!);
  };
  const afterText = renderExport(target.map(textOf));

  const changes = describeChanges({ cur, want, removedIds, recreated, addSpecs, fieldDiffs, moved });
  const counts = { add: 0, change: 0, remove: 0, move: 0 };
  for (const c of changes) counts[c.kind]++;
  return { lines, changes, counts, afterText, sectionsInFile: current.length };
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
      const fields = news.flatMap((w) => w.options.map(([k, v]) => ({ field: `${k}${familyLabel(w.name)}`, old: "", new: showValue(v) })));
      changes.push({ kind: "add", ruleId: id, description: `add rule ${id}${news.length > 1 ? ` as ${news.length} sections (${news.map((w) => w.name).join(", ")})` : ""}`, fields });
      continue;
    }
    if (news.length === 0) {
      changes.push({ kind: "remove", ruleId: id, description: `remove rule ${id}`, fields: olds.flatMap((c) => [...c.section.options].map(([k, v]) => ({ field: `${k}${familyLabel(c.id)}`, old: showValue(v), new: "" }))) });
      continue;
    }
    const fields: { field: string; old: string; new: string }[] = [];
    const newNames = new Set(news.map((w) => w.name));
    const oldNames = new Set(olds.map((c) => c.id));
    for (const c of olds) if (!newNames.has(c.id)) fields.push({ field: `section ${c.id}`, old: "present", new: "" });
    for (const w of news) if (!oldNames.has(w.name)) fields.push({ field: `section ${w.name}`, old: "", new: "present" });
    for (const w of news) {
      if (!oldNames.has(w.name)) continue;
      for (const f of d.fieldDiffs.get(w.name) ?? []) fields.push({ field: `${f.option}${familyLabel(w.name)}`, old: f.old, new: f.new });
    }
    if (fields.length) changes.push({ kind: "change", ruleId: id, description: `change rule ${id}: ${fields.map((f) => f.field).join(", ")}`, fields });
    if (news.some((w) => d.moved.has(w.name))) changes.push({ kind: "move", ruleId: id, description: `move rule ${id} to position ${ruleIds.filter((r) => newByRule.has(r)).indexOf(id) + 1} of Rampart's rules` });
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
    for (const a of will) if (!was.includes(a)) changes.push({ kind: "add", ruleId: null, description: `add ${a} to address list ${list}` });
    for (const a of was) if (!will.includes(a)) changes.push({ kind: "remove", ruleId: null, description: `remove ${a} from address list ${list}` });
    const other = (d.fieldDiffs.get(name) ?? []).filter((f) => f.option !== "entry");
    if (other.length) changes.push({ kind: "change", ruleId: null, description: `change the set of address list ${list}: ${other.map((f) => f.option).join(", ")}`, fields: other.map((f) => ({ field: f.option, old: f.old, new: f.new })) });
  }
  for (const c of curManaged) {
    if (parseManagedName(c.id) === null && !d.want.some((w) => w.name === c.id)) {
      changes.push({ kind: "remove", ruleId: null, description: `remove section ${c.id} (${c.section.type}), which carries Rampart's prefix but is no part of the rule set` });
    }
  }
  return changes;
}
