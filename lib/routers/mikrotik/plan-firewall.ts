import type {
  ClaimedItem,
  DesiredItem,
  Placement,
  FirewallChange,
  LiveFirewall,
  LiveFirewallItem,
  PushPlan,
  VendorOp,
} from "../driver";
import { diffFields, sortProps } from "./field-diff";
import { canonicalAddress, familyWord, menuPath, type RosFamily, type TableKind } from "./firewall-props";
import { longestIncreasingSubsequence } from "../../longest-increasing";
import { keepGapsInOrder } from "../kept-gaps";

/**
 * Fewest RouterOS API sentences taking the managed items of a live firewall to a target.
 *
 * Placement (README.md "Ownership and placement"): in each filter table every managed rule is given an anchor,
 * the foreign static row it must sit directly above (with other managed rules between). For a push the anchors
 * come from `keptGaps`: on a router only Rampart pushed to, the table's first foreign static row, so the managed
 * rules form one block at the top of the static rows, below dynamic/built-in rows (which can never be targeted:
 * `failure: cannot move builtin`) and above every foreign rule of every chain; rules taken over from a router
 * keep their gaps between its own rows. For a restore the anchors are read from the `before` snapshot, so
 * managed rules go back between the same foreign rows they sat between.
 *
 * Fewest moves: foreign rows never move (except a loose one, added by hand inside Rampart's block: see
 * looseRows), so a managed rule can stay where it is only if it is already in the right gap between foreign rows; among those, one longest run already in target order stays and every other
 * rule moves (a rule outside any increasing run must move in every solution, so this is optimal).
 *
 * No placeholders: every `place-before`/`destination` names a row that exists before the plan runs (a foreign
 * row or a managed row that stays put). Walking the target front to back, each added or moved rule is put
 * directly above the next row that stays, so rules sharing one anchor stack up in order. Ops are therefore plain
 * API sentences that can be pipelined, stored and replayed as they are.
 *
 * Op order: address-list entries are added (and fixed) first and removed last, so a rule never briefly points
 * at a list missing entries; then filter sets, adds/moves in target order, filter removes.
 */
export type Anchors = (table: TableRows, desired: DesiredItem[]) => Map<string, string | null>;

export interface TableRows {
  kind: TableKind;
  family: RosFamily;
  rows: LiveFirewallItem[];
}

interface Step {
  op: VendorOp;
  change: FirewallChange;
  /** Set on the `set` that takes a foreign row over (ownership claim). */
  claim?: ClaimedItem;
}

/**
 * `claimed`: keys (`rowKey`, ownership.ts) of rows that are foreign on the router but relabelled as managed by
 * an ownership claim; their `set` is shown as "take ownership" and reported in `PushPlan.claimed`. A restore
 * passes the rows it gives back instead (`giveBack`), shown as such.
 */
export interface ClaimMarks {
  claimed?: Set<string>;
  giveBack?: Set<string>;
}

const FAMILIES: RosFamily[] = ["ipv4", "ipv6"];

export function planFirewall(
  live: LiveFirewall,
  desired: DesiredItem[],
  anchors: Anchors,
  marks: ClaimMarks = {},
): PushPlan {
  const listAdds: Step[] = [];
  const listRemoves: Step[] = [];
  const sets: Step[] = [];
  const places: Step[] = [];
  const removes: Step[] = [];
  const placement: Placement = {};
  for (const family of FAMILIES) {
    const lists = planListTable(
      table(live, "address-list-entry", family),
      desired.filter((d) => d.kind === "address-list-entry" && d.family === family),
      marks,
    );
    listAdds.push(...lists.adds);
    listRemoves.push(...lists.removes);
  }
  const planOrdered = (t: ReturnType<typeof table>, want: typeof desired) => {
    const anchorOf = anchors(t, want);
    for (const d of want) placement[placementKey(t, d.key)] = anchorOf.get(d.key) ?? null;
    const f = planFilterTable(t, want, anchorOf, marks);
    sets.push(...f.sets);
    places.push(...f.places);
    removes.push(...f.removes);
  };
  for (const family of FAMILIES)
    planOrdered(
      table(live, "filter", family),
      desired.filter((d) => d.kind === "filter" && d.family === family),
    );
  // NAT rows (IPv4 only): an ordered table of rules like filter, planned the same way, after the filter rows.
  const nat = table(live, "nat", "ipv4");
  const natWanted = desired.filter((d) => d.kind === "nat");
  if (natWanted.length || nat.rows.some((r) => r.managedId !== null)) planOrdered(nat, natWanted);
  const steps = [...listAdds, ...sets, ...places, ...removes, ...listRemoves];
  const counts = { add: 0, change: 0, remove: 0, move: 0 };
  for (const s of steps) counts[s.change.kind]++;
  const claimed = steps.flatMap((s) => (s.claim ? [s.claim] : []));
  return {
    ops: steps.map((s) => s.op),
    changes: steps.map((s) => s.change),
    counts,
    baseStateHash: live.stateHash,
    placement,
    ...(claimed.length ? { claimed } : {}),
  };
}

function table(live: LiveFirewall, kind: TableKind, family: RosFamily): TableRows {
  return { kind, family, rows: live.items.filter((i) => i.kind === kind && (i.family ?? "ipv4") === family) };
}

/** Key of a filter rule in a `Placement`: rule ids repeat across the IPv4 and IPv6 tables. */
export const placementKey = (t: { family: RosFamily }, key: string) => `${t.family} ${key}`;

/**
 * Push layout. The foreign static rows cut a table into gaps; each managed rule goes into one. A rule keeps
 * the gap it was last pushed into (`recorded`: the foreign row it sat above), or, with no record, the gap it
 * is in now; so rules taken over from a router stay between the router's own rows where they were, and a
 * push never changes what a foreign row sees. Where the rule-set order and those gaps disagree, the longest run
 * of rules already in order keeps its gaps and every other rule (and every new one) joins the gap of the rule
 * before it, the first rule the top gap. A router only Rampart has pushed to has every rule in the top gap:
 * one block above the first foreign static row, deciding before every foreign rule.
 */
export function keptGaps(recorded: Placement = {}): Anchors {
  return (t, desired) => {
    const foreign = t.rows.filter((r) => !r.dynamic && r.managedId === null);
    const gapOfForeign = new Map(foreign.map((f, i) => [f.ref, i]));
    const current = new Map<string, number>();
    let gap = 0;
    for (const r of t.rows) {
      if (r.dynamic) continue;
      if (r.managedId === null) gap++;
      else if (!current.has(r.managedId)) current.set(r.managedId, gap);
    }
    const wanted = desired.map((d) => {
      const rec = recorded[placementKey(t, d.key)];
      if (rec === null) return foreign.length;
      const g = rec === undefined ? undefined : gapOfForeign.get(rec);
      return g ?? current.get(d.key);
    });
    const gaps = keepGapsInOrder(wanted);
    return new Map(desired.map((d, i) => [d.key, foreign[gaps[i]]?.ref ?? null]));
  };
}

const markKey = (t: TableRows, ref: string) => `${t.kind} ${t.family} ${ref}`;

/** How a claimed (or given-back) row's `set` reads in the preview, or null for an ordinary managed row. */
function claimWords(t: TableRows, row: LiveFirewallItem, marks: ClaimMarks, what: string): string | null {
  const k = markKey(t, row.ref);
  const comment = row.raw.comment ? ` "${row.raw.comment}"` : "";
  if (marks.claimed?.has(k))
    return `take ownership of ${what} ${row.ref}${comment} in place: tag it rampart:${row.managedId}`;
  if (marks.giveBack?.has(k)) return `give ${what} ${row.ref} back as it was before the push (foreign again)`;
  return null;
}

function planFilterTable(
  t: TableRows,
  desired: DesiredItem[],
  anchorOf: Map<string, string | null>,
  marks: ClaimMarks,
) {
  const where = t.kind === "nat" ? `${familyWord(t.family)} nat` : familyWord(t.family);
  const menu = menuPath(t.kind, t.family);
  const statics = t.rows.filter((r) => !r.dynamic);
  const foreign = statics.filter((r) => r.managedId === null);
  const position = new Map(statics.map((r, i) => [r.ref, i]));

  // First managed row of each id is the one kept; any copy of it is removed.
  const byId = new Map<string, LiveFirewallItem>();
  for (const r of statics) if (r.managedId !== null && !byId.has(r.managedId)) byId.set(r.managedId, r);

  // Foreign rows that sit inside a block of managed rules (added there by hand) are no gap boundary: they go
  // back below the block, one move each, instead of every managed rule above them moving below them.
  const loose = looseRows(statics, anchorOf, byId);
  const fixed = foreign.filter((f) => !loose.has(f.ref));
  const gapOfRow = new Map<string, number>();
  let g = 0;
  for (const r of statics) {
    if (r.managedId === null && !loose.has(r.ref)) g++;
    else gapOfRow.set(r.ref, g);
  }
  const fixedIndex = new Map(fixed.map((f, i) => [f.ref, i]));
  const gapOfAnchor = (ref: string | null) => (ref === null ? fixed.length : (fixedIndex.get(ref) ?? -1));

  // Target order: managed items grouped before their anchor, then the loose rows of that anchor, then the anchor;
  // fixed foreign rows in their current order.
  type Entry =
    | { foreign: LiveFirewallItem }
    | { item: DesiredItem; row: LiveFirewallItem | undefined }
    | { loose: LiveFirewallItem };
  const target: Entry[] = [];
  const byAnchor = new Map<string | null, DesiredItem[]>();
  for (const d of desired) {
    let a = anchorOf.get(d.key) ?? null;
    if (a !== null && gapOfAnchor(a) < 0) a = null; // anchor gone since it was computed: append
    const group = byAnchor.get(a);
    if (group) group.push(d);
    else byAnchor.set(a, [d]);
  }
  const looseOf = (a: string | null) => foreign.filter((f) => loose.get(f.ref) === a).map((f): Entry => ({ loose: f }));
  for (const f of fixed) {
    for (const d of byAnchor.get(f.ref) ?? []) target.push({ item: d, row: byId.get(d.key) });
    target.push(...(loose.size ? looseOf(f.ref) : []));
    target.push({ foreign: f });
  }
  for (const d of byAnchor.get(null) ?? []) target.push({ item: d, row: byId.get(d.key) });
  target.push(...(loose.size ? looseOf(null) : []));

  // Rows already in their target gap may stay; among those, the longest run already in order does.
  const staying = new Set<string>();
  const groups = new Map<number, { ref: string; pos: number }[]>();
  let gap = 0;
  for (const e of target) {
    if ("foreign" in e) {
      gap++;
      continue;
    }
    const row = "loose" in e ? e.loose : e.row;
    if (!row || gapOfRow.get(row.ref) !== gap) continue;
    const group = groups.get(gap);
    const at = { ref: row.ref, pos: position.get(row.ref)! };
    if (group) group.push(at);
    else groups.set(gap, [at]);
  }
  for (const group of groups.values()) {
    for (const i of longestIncreasingSubsequence(group.map((x) => x.pos))) staying.add(group[i].ref);
  }

  // Anchor of each placed item: the next row in the target that stays (fixed foreign rows always stay).
  const nextStaying: (LiveFirewallItem | null)[] = new Array(target.length);
  let next: LiveFirewallItem | null = null;
  for (let i = target.length - 1; i >= 0; i--) {
    nextStaying[i] = next;
    const e = target[i];
    if ("foreign" in e) next = e.foreign;
    else if ("loose" in e) next = staying.has(e.loose.ref) ? e.loose : next;
    else if (e.row && staying.has(e.row.ref)) next = e.row;
  }

  const sets: Step[] = [];
  const places: Step[] = [];
  target.forEach((e, i) => {
    if ("foreign" in e) return;
    if ("loose" in e) {
      if (staying.has(e.loose.ref)) return;
      const anchor = nextStaying[i];
      const there = anchor ? `above ${describeRow(anchor)}` : "at the end";
      const what = `the router's own ${where} ${e.loose.raw.chain ?? ""} rule`;
      const named = e.loose.raw.comment ? `"${e.loose.raw.comment}"` : `(${summarise(e.loose.raw)})`;
      places.push({
        op: {
          label: `move ${what} ${describeRow(e.loose)} back below Rampart's rules, ${there}`,
          wire: [`${menu}/move`, `=numbers=${e.loose.ref}`, ...(anchor ? [`=destination=${anchor.ref}`] : [])],
        },
        change: {
          kind: "move",
          ruleId: null,
          description: `move ${what} ${named} back below Rampart's rules (it was put among them)`,
        },
      });
      return;
    }
    const { item, row } = e;
    const ruleId = item.ruleId ?? item.key;
    const anchor = nextStaying[i];
    const there = anchor ? `above ${describeRow(anchor)}` : "at the end";
    if (!row) {
      const words = sortProps(t.kind, Object.keys(item.fields)).map((p) => `=${p}=${item.fields[p]}`);
      places.push({
        op: {
          label: `add rule ${ruleId} to ${where} ${item.fields.chain} ${there} (${summarise(item.fields)})`,
          wire: [`${menu}/add`, ...words, ...(anchor ? [`=place-before=${anchor.ref}`] : [])],
        },
        change: {
          kind: "add",
          ruleId: item.ruleId,
          description: `add ${where} ${item.fields.chain} rule: ${summarise(item.fields)}`,
        },
      });
      return;
    }
    const diff = diffFields(t.kind, row.raw, item.fields);
    const claim = claimWords(t, row, marks, `${where} ${row.raw.chain ?? ""} rule`);
    if (diff.length) {
      sets.push({
        op: {
          label: `${claim ? `take over ${row.ref} as` : "set"} rule ${ruleId} (${where} ${row.raw.chain}): ${diff.map((d) => (d.new === "" && d.word.startsWith("=!") ? `unset ${d.prop}` : `${d.prop}=${d.new}`)).join(", ")}`,
          wire: [`${menu}/set`, `=.id=${row.ref}`, ...diff.map((d) => d.word)],
        },
        change: {
          kind: "change",
          ruleId: item.ruleId,
          description: claim ?? `change ${where} ${item.fields.chain ?? row.raw.chain} rule`,
          fields: diff.map((d) => ({ field: d.prop, old: d.old, new: d.new })),
        },
        ...(marks.claimed?.has(markKey(t, row.ref))
          ? { claim: { ref: row.ref, kind: t.kind, family: t.family, fields: diff.map((d) => d.prop) } }
          : {}),
      });
    }
    if (!staying.has(row.ref)) {
      places.push({
        op: {
          label: `move rule ${ruleId} (${where} ${item.fields.chain ?? row.raw.chain}) ${there}`,
          wire: [`${menu}/move`, `=numbers=${row.ref}`, ...(anchor ? [`=destination=${anchor.ref}`] : [])],
        },
        change: {
          kind: "move",
          ruleId: item.ruleId,
          description: `move ${where} ${item.fields.chain ?? row.raw.chain} rule ${there}`,
        },
      });
    }
  });

  const wanted = new Set(desired.map((d) => d.key));
  const stale = statics.filter(
    (r) => r.managedId !== null && (!wanted.has(r.managedId) || byId.get(r.managedId) !== r),
  );
  const removes: Step[] = stale.map((r) => ({
    op: {
      label: `remove rule ${r.managedId} (${where} ${r.raw.chain ?? "?"})`,
      wire: [`${menu}/remove`, `=.id=${r.ref}`],
    },
    change: {
      kind: "remove" as const,
      ruleId: r.managedId,
      description: `remove ${where} ${r.raw.chain ?? ""} rule: ${summarise(r.raw)}`,
    },
  }));
  return { sets, places, removes };
}

/**
 * Foreign static rows that anchor no managed rule and sit between a managed row and that row's anchor with no
 * fixed foreign row between (a rule added by hand inside Rampart's block, or just below it), mapped to that
 * anchor. They are not boundaries: the target puts them directly above their anchor, below the managed rules.
 */
function looseRows(
  statics: LiveFirewallItem[],
  anchorOf: Map<string, string | null>,
  byId: Map<string, LiveFirewallItem>,
): Map<string, string | null> {
  const anchors = new Set([...anchorOf.values()].filter((a): a is string => a !== null));
  const loose = new Map<string, string | null>();
  let open: string | null | undefined;
  let pending: string[] = [];
  for (const r of statics) {
    if (r.managedId !== null) {
      if (byId.get(r.managedId) === r && anchorOf.has(r.managedId)) open = anchorOf.get(r.managedId) ?? null;
      continue;
    }
    if (anchors.has(r.ref)) {
      if (open === r.ref) for (const p of pending) loose.set(p, r.ref);
      pending = [];
      open = undefined;
    } else if (open !== undefined) pending.push(r.ref);
  }
  if (open === null) for (const p of pending) loose.set(p, null);
  return loose;
}

/** Address-list entries are a set: no order, matched by list + address. */
function planListTable(t: TableRows, desired: DesiredItem[], marks: ClaimMarks) {
  const where = familyWord(t.family);
  const menu = menuPath("address-list-entry", t.family);
  const managed = new Map<string, LiveFirewallItem>();
  const extra: LiveFirewallItem[] = [];
  const others = new Set<string>();
  for (const r of t.rows) {
    const key = listKey(r.raw);
    if (r.dynamic || r.managedId === null) others.add(key);
    else if (managed.has(key)) extra.push(r);
    else managed.set(key, r);
  }
  const adds: Step[] = [];
  for (const d of desired) {
    const row = managed.get(d.key);
    const entry = `${d.fields.address} in ${where} address list ${d.fields.list}`;
    if (!row) {
      // A foreign or dynamic entry already puts this address in the list: the router refuses a duplicate
      // (`failure: already have such entry`) and the list already matches it, so nothing is sent.
      if (others.has(d.key)) continue;
      const words = sortProps("address-list-entry", Object.keys(d.fields)).map((p) => `=${p}=${d.fields[p]}`);
      adds.push({
        op: { label: `add ${entry}`, wire: [`${menu}/add`, ...words] },
        change: { kind: "add", ruleId: d.ruleId, description: `add ${entry}` },
      });
      continue;
    }
    const diff = diffFields("address-list-entry", row.raw, d.fields);
    const claim = claimWords(t, row, marks, `entry ${entry}`);
    if (diff.length) {
      adds.push({
        op: {
          label: `${claim ? "take over" : "set"} ${entry}: ${diff.map((x) => `${x.prop}=${x.new}`).join(", ")}`,
          wire: [`${menu}/set`, `=.id=${row.ref}`, ...diff.map((x) => x.word)],
        },
        change: {
          kind: "change",
          ruleId: d.ruleId,
          description: claim ?? `change ${entry}`,
          fields: diff.map((x) => ({ field: x.prop, old: x.old, new: x.new })),
        },
        ...(marks.claimed?.has(markKey(t, row.ref))
          ? { claim: { ref: row.ref, kind: t.kind, family: t.family, fields: diff.map((x) => x.prop) } }
          : {}),
      });
    }
  }
  const wanted = new Set(desired.map((d) => d.key));
  const removes: Step[] = [...[...managed.entries()].filter(([k]) => !wanted.has(k)).map(([, r]) => r), ...extra].map(
    (r) => {
      const entry = `${r.raw.address} from ${where} address list ${r.raw.list}`;
      return {
        op: { label: `remove ${entry}`, wire: [`${menu}/remove`, `=.id=${r.ref}`] },
        change: { kind: "remove" as const, ruleId: null, description: `remove ${entry}` },
      };
    },
  );
  return { adds, removes };
}

/** Key of an address-list entry: list and the router's spelling of the address. */
export function listKey(fields: Record<string, string>): string {
  const address = fields.address ?? "";
  return `${fields.list ?? ""} ${canonicalAddress(address) ?? address}`;
}

function describeRow(r: LiveFirewallItem): string {
  if (r.managedId) return `rule ${r.managedId}`;
  return r.raw.comment ? `${r.ref} "${r.raw.comment}"` : `${r.ref} (${r.raw.chain ?? ""} ${r.raw.action ?? ""})`;
}

/** "accept tcp dst-port=22 src-address=10.0.0.0/8" from vendor fields, for labels and the preview. */
export function summarise(fields: Record<string, string>): string {
  const parts = [fields.action ?? "accept"];
  if (fields.protocol) parts.push(fields.protocol);
  for (const p of sortProps("filter", Object.keys(fields))) {
    if (["chain", "action", "protocol", "comment", ".id"].includes(p) || p.startsWith(".")) continue;
    if (["bytes", "packets", "invalid", "dynamic"].includes(p)) continue;
    if ((p === "log" || p === "disabled") && fields[p] !== "true") continue;
    if (p === "log-prefix" && fields[p] === "") continue;
    parts.push(p === "log" || p === "disabled" ? p : `${p}=${fields[p]}`);
  }
  return parts.join(" ");
}
