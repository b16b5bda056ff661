import { createHash } from "node:crypto";
import type { DesiredItem, LiveFirewall, LiveFirewallItem, OwnershipClaim } from "../driver";
import { writableFields } from "./field-diff";
import { listManagedId } from "./managed-comment";
import { isRuleTable } from "./firewall-props";
import { listKey } from "./plan-firewall";

/**
 * Taking ownership of foreign rows in place (import with "take ownership"). A claim names the row by `.id`
 * and carries a digest of its writable properties as read at import; the planner then treats the row as the
 * managed item of its rule (or list), so the push re-tags it (`set comment=rampart:<id> <its comment>`)
 * instead of adding a copy above it.
 */

/** Key of a live row: refs are unique per menu only. */
export const rowKey = (i: { kind: string; family?: string; ref: string }) => `${i.kind} ${i.family ?? "ipv4"} ${i.ref}`;

/** Digest of a row's writable properties (counters and ids aside): any edit to the row changes it. */
export function rowFingerprint(i: LiveFirewallItem): string {
  const fields = writableFields(i.raw);
  const sorted = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k]]);
  return createHash("sha256")
    .update(JSON.stringify([i.kind, i.family ?? "ipv4", sorted]))
    .digest("hex")
    .slice(0, 32);
}

/**
 * The live firewall with every claim that still holds relabelled as managed, and the keys of those rows.
 * A claim holds when its row is still there, static, foreign and unchanged, the rule set still has its rule
 * (or entry) in that table, and no managed row already stands for it: a relabelled row the target does not
 * want would be removed, and one beside an existing managed copy would be removed as the copy.
 */
export function applyClaims(
  live: LiveFirewall,
  desired: DesiredItem[],
  claims: OwnershipClaim[],
): { live: LiveFirewall; claimed: Set<string> } {
  const claimed = new Set<string>();
  if (claims.length === 0) return { live, claimed };
  const byKey = new Map(live.items.map((i) => [rowKey(i), i]));
  const wanted = new Set(desired.map((d) => `${d.kind} ${d.family ?? "ipv4"} ${d.key}`));
  const taken = new Set(
    live.items
      .filter((i) => i.managedId !== null && !i.dynamic)
      .map((i) => `${i.kind} ${i.family ?? "ipv4"} ${i.kind !== "address-list-entry" ? i.managedId : listKey(i.raw)}`),
  );
  const relabel = new Map<string, string>();
  for (const c of claims) {
    const k = rowKey(c);
    const row = byKey.get(k);
    if (!row || row.dynamic || row.managedId !== null || row.kind !== c.kind || claimed.has(k)) continue;
    if (rowFingerprint(row) !== c.fingerprint) continue;
    const family = row.family ?? "ipv4";
    const itemKey = isRuleTable(row.kind) ? c.ruleId : c.list === row.raw.list ? listKey(row.raw) : null;
    if (itemKey === null) continue;
    const full = `${row.kind} ${family} ${itemKey}`;
    if (!wanted.has(full) || taken.has(full)) continue;
    taken.add(full);
    claimed.add(k);
    relabel.set(k, isRuleTable(row.kind) ? itemKey : listManagedId(c.list!));
  }
  const items = live.items.map((i) => {
    const id = relabel.get(rowKey(i));
    return id === undefined ? i : { ...i, managedId: id };
  });
  return { live: { ...live, items }, claimed };
}

/**
 * Rows a push took over: foreign in `before`, managed now, same `.id`. A restore gives them back as they were
 * (properties and place) instead of removing them.
 */
export function takenOver(current: LiveFirewall, before: LiveFirewall): Map<string, LiveFirewallItem> {
  const foreignBefore = new Map(
    before.items.filter((i) => !i.dynamic && i.managedId === null).map((i) => [rowKey(i), i]),
  );
  const out = new Map<string, LiveFirewallItem>();
  for (const i of current.items) {
    if (i.dynamic || i.managedId === null) continue;
    const was = foreignBefore.get(rowKey(i));
    if (was && was.kind === i.kind) out.set(rowKey(i), i);
  }
  return out;
}
