import { proposeRouterOsRoles } from "./propose-roles";
import type { DesiredItem, FirewallPlanner, LiveFirewall, LiveFirewallItem } from "../driver";
import { compileRuleSet } from "./compile-rules";
import { decompileFirewall } from "./decompile-firewall";
import { interfaceReferenceIssues } from "./interface-references";
import { writableFields } from "./field-diff";
import { applyClaims, rowKey, takenOver } from "./ownership";
import { keptGaps, listKey, planFirewall, type Anchors } from "./plan-firewall";
import { liveRules } from "./live-rules";
import { resultingChain } from "./resulting-chain";
import { exportScript, importScript } from "./script-text";
import { prepareRevert, revertWrites } from "./revert-timer";

/**
 * The MikroTik FirewallPlanner: pure functions, no I/O (driver.ts). compare() is the change list of the plan
 * that would fix the router, so "in sync" means exactly "a push would send nothing".
 */
export const mikrotikPlanner: FirewallPlanner = {
  // The rows do not depend on the router; what it would refuse (a name it lacks) the preview asks liveIssues.
  // Drift compiles against live too, and must compare what is there, not refuse.
  compile: (content, _live, opts) => compileRuleSet(content, opts?.roles),
  liveIssues: (content, desired, live) => interfaceReferenceIssues(content, desired, live),
  plan: (live, desired, opts) => {
    const c = applyClaims(live, desired.items, opts?.claims ?? []);
    return planFirewall(c.live, desired.items, keptGaps(opts?.placement), { claimed: c.claimed });
  },
  compare: (live, desired, opts) => planFirewall(live, desired.items, keptGaps(opts?.placement)).changes,
  restorePlan: (current, before) => {
    const back = takenOver(current, before);
    return planFirewall(current, restoreItemsOf(before, back), anchorsFrom(before, back), {
      giveBack: new Set(back.keys()),
    });
  },
  decompile: decompileFirewall,
  proposeRoles: proposeRouterOsRoles,
  // #17.2: the preview lists the timer's writes too (revert-timer.ts).
  revertWrites: (before, plan) => revertWrites(before, { claimed: plan.claimed, ops: plan.ops }),
  prepareRevert,
  resultingChain,
  liveRules,
  exportText: exportScript,
  importText: importScript,
};

// Filter and NAT rows are keyed by their rule id, address-list entries by list and address.
/** The managed items of a snapshot as a target: every writable property exactly as it was read. */
export function managedItemsOf(before: LiveFirewall): DesiredItem[] {
  const seen = new Set<string>();
  return before.items
    .filter((i) => i.managedId !== null && !i.dynamic)
    .map((i): DesiredItem => ({
      key: i.kind !== "address-list-entry" ? i.managedId! : listKey(i.raw),
      kind: i.kind,
      family: i.family ?? "ipv4",
      ruleId: i.kind !== "address-list-entry" ? i.managedId : null,
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
 * The restore target: `before`'s managed items, and, in their `before` places, the rows the push took over
 * (`back`, keyed by rowKey): each under the managed key it carries now, with every writable property (its own
 * comment included) exactly as `before` read it, so the restore sets it back to a foreign row.
 */
function restoreItemsOf(before: LiveFirewall, back: Map<string, LiveFirewallItem>): DesiredItem[] {
  if (back.size === 0) return managedItemsOf(before);
  const managed = new Map(managedItemsOf(before).map((d) => [`${d.kind} ${d.family} ${d.key}`, d]));
  const out: DesiredItem[] = [];
  for (const i of before.items) {
    if (i.dynamic) continue;
    const now = back.get(rowKey(i));
    if (now) {
      const family = i.family ?? "ipv4";
      out.push({
        key: i.kind !== "address-list-entry" ? now.managedId! : listKey(now.raw),
        kind: i.kind,
        family,
        ruleId: i.kind !== "address-list-entry" ? now.managedId : null,
        fields: writableFields(i.raw),
      });
      continue;
    }
    if (i.managedId === null) continue;
    const k = `${i.kind} ${i.family ?? "ipv4"} ${i.kind !== "address-list-entry" ? i.managedId : listKey(i.raw)}`;
    const d = managed.get(k);
    if (d) {
      out.push(d);
      managed.delete(k);
    }
  }
  return out;
}

/**
 * Restore layout: each managed rule goes back directly above the foreign static row that followed it in
 * `before` (the first such row still on the router), or to the end when none did. A taken-over row is placed
 * like a managed one (under its current key) and is no anchor itself until it is foreign again.
 */
function anchorsFrom(before: LiveFirewall, back: Map<string, LiveFirewallItem> = new Map()): Anchors {
  return (t, desired) => {
    const present = new Set(t.rows.filter((r) => !r.dynamic && r.managedId === null).map((r) => r.ref));
    const rows = before.items.filter((i) => i.kind === t.kind && (i.family ?? "ipv4") === t.family && !i.dynamic);
    const out = new Map<string, string | null>();
    let anchor: string | null = null;
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i];
      const now = back.get(rowKey(r));
      if (now) out.set(now.managedId!, anchor);
      else if (r.managedId === null) {
        if (present.has(r.ref)) anchor = r.ref;
      } else out.set(r.managedId, anchor); // walking backwards: the first row of a duplicated id wins
    }
    return new Map(desired.map((d) => [d.key, out.get(d.key) ?? null]));
  };
}
