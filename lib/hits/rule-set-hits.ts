import { db } from "@/lib/db/client";
import { findRevision } from "@/lib/push/revision-content";
import { decodeHits } from "./hit-codec";
import { ruleUsage, type HitRecord } from "./hit-state";
import type { RuleSetHits } from "./schemas";
import { loadHitSettings } from "./settings";

/**
 * Each rule of the rule set's head with its hits across the routers the set is assigned to (RouterHits records
 * of those routers only: a router that ran the rule under another set says nothing about this one), and whether it
 * is unused (lib/hits/hit-state.ts). Null when there is no such rule set.
 */
export async function ruleSetHits(ruleSetId: string, now = new Date()): Promise<RuleSetHits | null> {
  const set = await db.ruleSet.findUnique({ where: { id: ruleSetId }, select: { id: true } });
  if (!set) return null;
  const [head, assigned, settings] = await Promise.all([
    findRevision(ruleSetId),
    db.routerAssignment.count({ where: { ruleSetId } }),
    loadHitSettings(),
  ]);
  const records = await db.routerHits.findMany({
    where: { router: { assignment: { ruleSetId } } },
    select: { readAt: true, rules: true },
  });
  const byRule = new Map<string, HitRecord[]>();
  for (const rec of records)
    for (const [ruleId, h] of decodeHits(rec.rules) ?? []) {
      const list = byRule.get(ruleId);
      const hit = { ...h, readAt: rec.readAt };
      if (list) list.push(hit);
      else byRule.set(ruleId, [hit]);
    }
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    ruleSetId,
    unusedDays: settings.unusedDays,
    rules: (head?.content.rules ?? []).map((r) => {
      const u = ruleUsage(byRule.get(r.id) ?? [], assigned, now, settings.unusedDays);
      return { ruleId: r.id, ...u, lastHitAt: iso(u.lastHitAt), since: iso(u.since) };
    }),
  };
}
