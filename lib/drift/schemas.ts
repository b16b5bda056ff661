import { z } from "zod";

/** Sync states of a router against its last pushed revision (docs/rulings.md §8: the drift issue's four words). */
export const driftStateSchema = z.enum(["in-sync", "drifted", "never-pushed", "unreachable"]);
export type DriftState = z.infer<typeof driftStateSchema>;

/** driver.ts FirewallChange as stored and served: a push would make each of these to undo the drift. */
export const firewallChangeSchema = z.object({
  kind: z.enum(["add", "change", "remove", "move"]),
  ruleId: z.string().nullable(),
  /** "#2 SSH from office": the rule as the last pushed revision numbers and names it (absent in older rows). */
  rule: z.string().nullable().optional(),
  description: z.string(),
  fields: z.array(z.object({ field: z.string(), old: z.string(), new: z.string() })).optional(),
});

/**
 * RouterStatus.driftDetail (JSON): the differences the last check found, the live state they were found in,
 * and an acknowledgement that holds until the live state changes again.
 */
export const driftDetailSchema = z.object({
  changes: z.array(firewallChangeSchema),
  liveHash: z.string(),
  checkedAt: z.string(),
  revisionId: z.string(),
  acknowledged: z.object({ by: z.string(), at: z.string() }).nullable(),
  /** Why the last check could not run (unreachable), when it could not. */
  error: z.string().nullable().optional(),
});
export type DriftDetail = z.infer<typeof driftDetailSchema>;

/** A difference as the drift view says it: on the router now vs the last push. */
export const driftDifferenceSchema = z.object({
  kind: z.enum(["changed", "missing", "extra", "reordered"]),
  ruleId: z.string().nullable(),
  /** "#2 SSH from office", or null for items that are no rule of the revision (address-list entries, the router's own rows). */
  rule: z.string().nullable(),
  description: z.string(),
  fields: z.array(z.object({ field: z.string(), onRouter: z.string(), pushed: z.string() })),
});
export type DriftDifference = z.infer<typeof driftDifferenceSchema>;

export const driftViewSchema = z.object({
  routerId: z.string(),
  state: driftStateSchema,
  acknowledged: z.object({ by: z.string(), at: z.string() }).nullable(),
  checkedAt: z.string().nullable(),
  lastPushed: z
    .object({ revisionId: z.string(), ruleSetId: z.string(), ruleSetName: z.string(), number: z.number() })
    .nullable(),
  differences: z.array(driftDifferenceSchema),
  error: z.string().nullable(),
});
export type DriftView = z.infer<typeof driftViewSchema>;

/** Stored JSON is parsed on every read; a row written by an older build reads as "no detail". */
export function parseDriftDetail(text: string | null | undefined): DriftDetail | null {
  if (!text) return null;
  try {
    const r = driftDetailSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/**
 * Planner changes say what a push would do (old = router, new = pushed); the drift view says what happened on
 * the router: a rule a push would add is missing there, one it would remove is extra.
 */
export function toDifference(c: z.infer<typeof firewallChangeSchema>): DriftDifference {
  const kind =
    c.kind === "add" ? "missing" : c.kind === "remove" ? "extra" : c.kind === "move" ? "reordered" : "changed";
  return {
    kind,
    ruleId: c.ruleId,
    rule: c.rule ?? null,
    description: c.description,
    fields: (c.fields ?? []).map((f) => ({ field: f.field, onRouter: f.old, pushed: f.new })),
  };
}
