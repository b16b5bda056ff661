import type { DesiredItem, FirewallPlanner, LiveFirewall } from "../driver";
import { compileRuleSet } from "./compile-rules";
import { decompileFirewall } from "./decompile-firewall";
import { writableFields } from "./field-diff";
import { listKey, planFirewall, topOfTable, type Anchors } from "./plan-firewall";
import { exportScript, importScript } from "./script-text";

/**
 * The MikroTik FirewallPlanner: pure functions, no I/O (driver.ts). compare() is the change list of the plan
 * that would fix the router, so "in sync" means exactly "a push would send nothing".
 */
export const mikrotikPlanner: FirewallPlanner = {
  compile: compileRuleSet,
  plan: (live, desired) => planFirewall(live, desired.items, topOfTable),
  compare: (live, desired) => planFirewall(live, desired.items, topOfTable).changes,
  restorePlan: (current, before) => planFirewall(current, managedItemsOf(before), anchorsFrom(before)),
  decompile: decompileFirewall,
  exportText: exportScript,
  importText: importScript,
};

/** The managed items of a snapshot as a target: every writable property exactly as it was read. */
export function managedItemsOf(before: LiveFirewall): DesiredItem[] {
  const seen = new Set<string>();
  return before.items
    .filter((i) => i.managedId !== null && !i.dynamic)
    .map((i): DesiredItem => ({
      key: i.kind === "filter" ? i.managedId! : listKey(i.raw),
      kind: i.kind,
      family: i.family ?? "ipv4",
      ruleId: i.kind === "filter" ? i.managedId : null,
      fields: writableFields(i.raw),
    }))
    .filter((d) => {
      const k = `${d.kind} ${d.family} ${d.key}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/**
 * Restore layout: each managed rule goes back directly above the foreign static row that followed it in
 * `before` (the first such row still on the router), or to the end when none did.
 */
function anchorsFrom(before: LiveFirewall): Anchors {
  return (t, desired) => {
    const present = new Set(t.rows.filter((r) => !r.dynamic && r.managedId === null).map((r) => r.ref));
    const rows = before.items.filter((i) => i.kind === t.kind && (i.family ?? "ipv4") === t.family && !i.dynamic);
    const out = new Map<string, string | null>();
    let anchor: string | null = null;
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i];
      if (r.managedId === null) {
        if (present.has(r.ref)) anchor = r.ref;
      } else out.set(r.managedId, anchor); // walking backwards: the first row of a duplicated id wins
    }
    return new Map(desired.map((d) => [d.key, out.get(d.key) ?? null]));
  };
}
