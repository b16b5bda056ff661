import type { ClaimedItem, LiveFirewall, LiveFirewallItem, VendorOp } from "../driver";
import { parseManagedComment } from "./managed-comment";
import { canonicalAddress, isRuleTable, menuPath } from "./firewall-props";
import { cliPath, giveBackLines, quote, revertName, scriptProps, TABLES } from "./revert-script";

/**
 * The restore script for one push, in proportion to its plan (#17.2): the full script carries every managed item
 * of `before` (321 KB at 500 rules, also for a one-port change); this one carries only the items the plan's ops
 * touch. Per table it removes every row of a touched managed id (or touched list entry), whatever version of it is
 * there, and adds `before`'s rows of those ids back in `before` order, each above the next row of `before` the
 * push does not touch (foreign, taken over, or managed but untouched: those keep their `.id`, which is what makes
 * them safe anchors). Rows the plan does not name are never touched, so the script restores correctly after any
 * prefix of the plan ran (a push cut off mid-apply) and leaves alone what the push never wrote. An anchor that is
 * gone appends the row instead of losing it; each command runs in `:do ... on-error=` and logs what it could not do.
 *
 *   /system scheduler remove [find name="rampart-revert-<push>"]
 *   (rows taken over: given back as in the full script)
 *   :do { /ip firewall filter remove [find comment~"^rampart:rweb0001( |\$)" dynamic=no] } on-error={ ... }
 *   :do { /ip firewall address-list remove [find list="office" address="10.2.0.0/16" comment~"^rampart:" dynamic=no] } ...
 *   :do { /ip firewall filter add chain="input" ... place-before=*7 } on-error={ :do { ... add ... } on-error={ ... } }
 *   /system script remove [find name="rampart-revert-<push>"]
 *
 * Returns null when an op is not one this script knows how to invert (the caller then uses the full script).
 */
export function buildTargetedRevertScript(
  before: LiveFirewall,
  pushId: string,
  claimed: ClaimedItem[],
  ops: VendorOp[],
): string | null {
  const name = revertName(pushId);
  const touched = touchedBy(before, ops);
  if (!touched) return null;
  const lines = [
    `# ${name}: puts back the ${ops.length} change${ops.length === 1 ? "" : "s"} of push ${pushId}`,
    `/system scheduler remove [find name=${quote(name)}]`,
  ];
  lines.push(...giveBackLines(before, claimed, name));
  const order = [...TABLES.filter((t) => !isRuleTable(t.kind)), ...TABLES.filter((t) => isRuleTable(t.kind))];
  const readds: string[] = [];
  for (const t of order) {
    const key = `${t.kind} ${t.family}`;
    const ids = touched.ids.get(key) ?? new Set<string>();
    const entries = touched.entries.get(key) ?? new Map<string, { list: string; addresses: Set<string> }>();
    if (ids.size === 0 && entries.size === 0) continue;
    const path = cliPath(t.kind, t.family);
    const warn = (what: string) => `:log warning ${quote(`${name}: could not ${what}`)}`;
    for (const id of [...ids].sort()) {
      lines.push(
        `:do { ${path} remove [find comment~${quote(`^rampart:${id}( |$)`)} dynamic=no] } on-error={ ${warn(`remove ${id}`)} }`,
      );
    }
    for (const [, e] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
      // Every spelling the router may print the address in: a find on one it does not use matches nothing.
      for (const address of [...e.addresses].sort()) {
        lines.push(
          `:do { ${path} remove [find list=${quote(e.list)} address=${quote(address)} comment~"^rampart:" dynamic=no] } on-error={ ${warn(`remove ${address} from ${e.list}`)} }`,
        );
      }
    }
    const rows = before.items.filter((i) => i.kind === t.kind && (i.family ?? "ipv4") === t.family && !i.dynamic);
    const isTouched = (r: LiveFirewallItem) =>
      r.managedId !== null &&
      (isRuleTable(t.kind) ? ids.has(r.managedId) : entries.has(entryKey(r.raw.list, r.raw.address)));
    rows.forEach((row, idx) => {
      if (!isTouched(row)) return;
      const anchor = isRuleTable(t.kind) ? rows.slice(idx + 1).find((r) => !isTouched(r)) : undefined;
      const add = `${path} add ${scriptProps(t.kind, row.raw)}`;
      const w = warn(`restore ${row.managedId} (${row.raw.comment ?? ""})`);
      readds.push(
        anchor
          ? `:do { ${add} place-before=${anchor.ref} } on-error={ :do { ${add} } on-error={ ${w} } }`
          : `:do { ${add} } on-error={ ${w} }`,
      );
    });
  }
  // Removes of every table first, then the adds (entries' tables come first in `order`): a restored rule never
  // points at a list entry that is still missing.
  lines.push(...readds);
  lines.push(`/system script remove [find name=${quote(name)}]`);
  return lines.join("\n") + "\n";
}

type Touched = {
  ids: Map<string, Set<string>>;
  entries: Map<string, Map<string, { list: string; addresses: Set<string> }>>;
};

const entryKey = (list: string | undefined, address: string | undefined) =>
  `${list ?? ""}\u0000${canonicalAddress(address ?? "") ?? address ?? ""}`;

/** As written, canonical, and a single host with its full-length prefix. */
function spellings(address: string): string[] {
  const canonical = canonicalAddress(address);
  const out = new Set([address]);
  if (canonical) {
    out.add(canonical);
    if (!canonical.includes("/") && !canonical.includes("-"))
      out.add(`${canonical}/${canonical.includes(":") ? 128 : 32}`);
  }
  return [...out];
}

/** The managed ids (filter) and list entries (address lists) the ops write, per table; null on an op it cannot read. */
function touchedBy(before: LiveFirewall, ops: VendorOp[]): Touched | null {
  const tableOf = new Map(TABLES.map((t) => [menuPath(t.kind, t.family), t]));
  const out: Touched = { ids: new Map(), entries: new Map() };
  const rowsByRef = new Map(before.items.map((i) => [`${i.kind} ${i.family ?? "ipv4"} ${i.ref}`, i]));
  for (const op of ops) {
    const [command, ...words] = op.wire;
    const slash = command.lastIndexOf("/");
    const t = tableOf.get(command.slice(0, slash));
    const verb = command.slice(slash + 1);
    if (!t || !["add", "set", "remove", "move", "unset"].includes(verb)) return null;
    const key = `${t.kind} ${t.family}`;
    const attrs = new Map<string, string>();
    for (const w of words) {
      const eq = w.indexOf("=", 1);
      if (w.startsWith("=") && eq > 0) attrs.set(w.slice(1, eq), w.slice(eq + 1));
    }
    const ids = out.ids.get(key) ?? new Set<string>();
    const entries = out.entries.get(key) ?? new Map<string, { list: string; addresses: Set<string> }>();
    out.ids.set(key, ids);
    out.entries.set(key, entries);
    const touch = (fields: { comment?: string; list?: string; address?: string }) => {
      const id = parseManagedComment(fields.comment)?.id;
      if (!id) return;
      if (isRuleTable(t.kind)) ids.add(id);
      else if (fields.list !== undefined && fields.address !== undefined) {
        const k = entryKey(fields.list, fields.address);
        const e = entries.get(k) ?? { list: fields.list, addresses: new Set<string>() };
        for (const a of spellings(fields.address)) e.addresses.add(a);
        entries.set(k, e);
      }
    };
    if (verb === "add") {
      touch({ comment: attrs.get("comment"), list: attrs.get("list"), address: attrs.get("address") });
      continue;
    }
    const refs = (attrs.get(".id") ?? attrs.get("numbers") ?? "").split(",").filter(Boolean);
    if (refs.length === 0) return null;
    for (const ref of refs) {
      const row = rowsByRef.get(`${key} ${ref}`);
      // A row the push made itself cannot be addressed by a plan made before it existed.
      if (!row) return null;
      touch({ comment: row.raw.comment, list: row.raw.list, address: row.raw.address });
      // A set that writes a new comment (an entry's list/address or a rule taken over) touches what it becomes too.
      if (verb === "set" && attrs.has("comment"))
        touch({
          comment: attrs.get("comment"),
          list: attrs.get("list") ?? row.raw.list,
          address: attrs.get("address") ?? row.raw.address,
        });
      if (verb === "set" && !isRuleTable(t.kind) && (attrs.has("list") || attrs.has("address")))
        touch({
          comment: attrs.get("comment") ?? row.raw.comment,
          list: attrs.get("list") ?? row.raw.list,
          address: attrs.get("address") ?? row.raw.address,
        });
    }
  }
  return out;
}
