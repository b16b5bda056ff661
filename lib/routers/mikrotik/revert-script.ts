import type { ClaimedItem, LiveFirewall } from "../driver";
import { rowKey } from "./ownership";
import { writableFields, sortProps } from "./field-diff";
import { isBooleanProp, isRuleTable, menuPath, type RosFamily, type TableKind } from "./firewall-props";

/**
 * The RouterOS script the revert timer runs (docs/routeros-api-protocol.md §7, §10): it restores only the firewall menus a
 * push changes, and only Rampart's own items in them.
 *
 *   /system scheduler remove [find name="rampart-revert-<push>"]      -- first: it can never run twice
 *   :do { /ip firewall filter set *7 chain="input" ... comment="defconf: drop invalid" } on-error={ ... }
 *   :do { /ip firewall filter unset *7 reject-with } on-error={ ... }
 *   :do { /ip firewall filter move *7 destination=*8 } on-error={ ... }
 *                                                            -- rows the push took over (ownership claims): given
 *                                                               back as before, in place, so they are foreign
 *                                                               again before the next step
 *   :do { /ip firewall filter remove [find comment~"^rampart:" dynamic=no] } on-error={ :log warning "..." }
 *   ... same for /ipv6 filter and both address-list menus   -- every managed item now present, whatever the
 *                                                             push got to do (no ipv6 package: logged, go on)
 *   :do { /ip firewall address-list add list="office" address="10.0.0.0/8" comment="rampart:list:office" }
 *       on-error={ :log warning "..." }                              -- the `before` entries
 *   :do { /ip firewall filter add chain="input" ... place-before=*5 }
 *       on-error={ :do { /ip firewall filter add chain="input" ... } on-error={ :log warning "..." } }
 *   /system script remove [find name="rampart-revert-<push>"]
 *
 * Rules are re-added in `before` order, each directly above the foreign static row that followed it then
 * (its `.id`: foreign rows are never changed, so the id still names the same row), which puts them back between
 * the same neighbours. If that row was deleted meanwhile the rule is appended instead of being lost; any other
 * failure is logged and the script goes on, so one refused item cannot leave the rest unrestored. Every command
 * carries its full menu path because a `:do` block is its own scope.
 */
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Every timer and script Rampart creates is named this plus its push's (deployment's) id. */
export const REVERT_PREFIX = "rampart-revert-";

export function revertName(pushId: string): string {
  if (!NAME.test(pushId)) throw new Error(`push id ${JSON.stringify(pushId)} cannot name a RouterOS script`);
  return `${REVERT_PREFIX}${pushId}`;
}

export const TABLES: { kind: TableKind; family: RosFamily }[] = [
  { kind: "filter", family: "ipv4" },
  { kind: "filter", family: "ipv6" },
  { kind: "address-list-entry", family: "ipv4" },
  { kind: "address-list-entry", family: "ipv6" },
  { kind: "nat", family: "ipv4" },
];

/**
 * `touchesNat`: the push writes /ip/firewall/nat. The NAT menu is cleared and restored only then or when `before`
 * holds managed NAT rows, so the script of a push without NAT stays exactly what it was before NAT existed.
 */
export function buildRevertScript(
  before: LiveFirewall,
  pushId: string,
  claimed: ClaimedItem[] = [],
  touchesNat = false,
): string {
  const name = revertName(pushId);
  const withNat = touchesNat || before.items.some((i) => i.kind === "nat" && i.managedId !== null);
  const tables = TABLES.filter((t) => t.kind !== "nat" || withNat);
  const lines = [
    `# ${name}: puts Rampart's firewall items back as they were before push ${pushId}`,
    `/system scheduler remove [find name=${quote(name)}]`,
  ];
  lines.push(...giveBackLines(before, claimed, name));
  // A router without the ipv6 package has no /ipv6 menus: that must not stop the restore of the rest.
  for (const t of tables) {
    const warn = `:log warning ${quote(`${name}: could not clear ${cliPath(t.kind, t.family)}`)}`;
    lines.push(
      `:do { ${cliPath(t.kind, t.family)} remove [find comment~"^rampart:" dynamic=no] } on-error={ ${warn} }`,
    );
  }
  // Entries before rules: a restored rule never points at a list that is still empty.
  for (const t of [...tables.filter((x) => !isRuleTable(x.kind)), ...tables.filter((x) => isRuleTable(x.kind))]) {
    const rows = before.items.filter((i) => i.kind === t.kind && (i.family ?? "ipv4") === t.family && !i.dynamic);
    rows.forEach((row, idx) => {
      if (row.managedId === null) return;
      const anchor = isRuleTable(t.kind) ? rows.slice(idx + 1).find((r) => r.managedId === null) : undefined;
      const add = `${cliPath(t.kind, t.family)} add ${scriptProps(t.kind, row.raw)}`;
      const warn = `:log warning ${quote(`${name}: could not restore ${row.managedId} (${row.raw.comment ?? ""})`)}`;
      lines.push(
        anchor
          ? `:do { ${add} place-before=${anchor.ref} } on-error={ :do { ${add} } on-error={ ${warn} } }`
          : `:do { ${add} } on-error={ ${warn} }`,
      );
    });
  }
  lines.push(`/system script remove [find name=${quote(name)}]`);
  return lines.join("\n") + "\n";
}

/**
 * Rows the push takes over were foreign in `before`: each is set back to its `before` properties (and the
 * properties the push added are unset) by `.id` before anything is removed, so the removal step no longer sees a
 * tag on it. Then, last row first, each goes back directly above the row that followed it in `before` (managed
 * rows aside: they are removed and re-added), which restores the order of every row that is not Rampart's.
 */
export function giveBackLines(before: LiveFirewall, claimed: ClaimedItem[], name: string): string[] {
  if (claimed.length === 0) return [];
  const byKey = new Map(claimed.map((c) => [rowKey(c), c]));
  const lines: string[] = [];
  for (const t of TABLES) {
    const rows = before.items.filter((i) => i.kind === t.kind && (i.family ?? "ipv4") === t.family && !i.dynamic);
    const path = cliPath(t.kind, t.family);
    const mine = rows.filter((r) => r.managedId === null && byKey.has(rowKey(r)));
    for (const row of mine) {
      const warn = `:log warning ${quote(`${name}: could not give back ${row.ref} (${row.raw.comment ?? ""})`)}`;
      lines.push(`:do { ${path} set ${row.ref} ${scriptProps(t.kind, row.raw)} } on-error={ ${warn} }`);
      const have = new Set(Object.keys(writableFields(row.raw)));
      for (const prop of sortProps(
        t.kind,
        byKey.get(rowKey(row))!.fields.filter((p) => !have.has(p)),
      )) {
        lines.push(`:do { ${path} unset ${row.ref} ${prop} } on-error={ ${warn} }`);
      }
    }
    if (!isRuleTable(t.kind)) continue;
    const others = rows.filter((r) => r.managedId === null);
    for (let i = others.length - 1; i >= 0; i--) {
      const row = others[i];
      if (!byKey.has(rowKey(row))) continue;
      const next = others[i + 1];
      const warn = `:log warning ${quote(`${name}: could not move ${row.ref} back`)}`;
      lines.push(`:do { ${path} move ${row.ref}${next ? ` destination=${next.ref}` : ""} } on-error={ ${warn} }`);
    }
  }
  return lines;
}

export function cliPath(kind: TableKind, family: RosFamily): string {
  return "/" + menuPath(kind, family).slice(1).split("/").join(" ");
}

export function scriptProps(kind: TableKind, raw: Record<string, string>): string {
  const fields = writableFields(raw);
  return sortProps(kind, Object.keys(fields))
    .map(
      (p) =>
        `${p}=${quote(isBooleanProp(p) ? (fields[p] === "true" ? "yes" : fields[p] === "false" ? "no" : fields[p]) : fields[p])}`,
    )
    .join(" ");
}

/** A RouterOS script string: `\`, `"`, `$` (variable substitution) and `?` escaped. */
export function quote(text: string): string {
  return `"${text.replace(/[\\"$?]/g, (c) => `\\${c}`)}"`;
}

/**
 * The scheduler's start from the router's own clock plus `seconds` plus one, printed the way the clock printed
 * its date: `jul/14/2023` before 7.10, `2023-07-14` from 7.10 (docs/routeros-api-protocol.md §7). Day, month and year roll over. The clock
 * prints whole seconds (now may be up to 1 s past what it says), so one second more keeps the promised window:
 * the timer fires between `seconds` and `seconds + 1` after the clock was read, never earlier.
 */
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

export function revertStart(clock: { date: string; time: string }, seconds: number): { date: string; time: string } {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(clock.date);
  const old = /^([a-z]{3})\/(\d{2})\/(\d{4})$/i.exec(clock.date);
  const tod = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(clock.time);
  if ((!iso && !old) || !tod || (old && !MONTHS.includes(old[1].toLowerCase()))) {
    throw new Error(`router clock ${JSON.stringify(clock)} is not in a known format`);
  }
  const base = iso
    ? Date.UTC(+iso[1], +iso[2] - 1, +iso[3])
    : Date.UTC(+old![3], MONTHS.indexOf(old![1].toLowerCase()), +old![2]);
  const at = new Date(base + ((+tod[1] * 60 + +tod[2]) * 60 + +tod[3] + seconds + 1) * 1000);
  const dd = String(at.getUTCDate()).padStart(2, "0");
  const date = iso
    ? `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}-${dd}`
    : `${MONTHS[at.getUTCMonth()]}/${dd}/${at.getUTCFullYear()}`;
  return { date, time: at.toISOString().slice(11, 19) };
}
