import { z } from "zod";
import { compileNoteSchema, firewallChangeSchema, previewViewSchema, vendorOpSchema, type StoredPlan } from "./schemas";

/** A stored plan as the API and the browser see it: a summary, and the rest page by page (plan-store.ts). */

/** Items of each list kept in the summary (and so shown without asking for the detail). */
export const SUMMARY_ITEMS = 20;
export const PLAN_PAGE_DEFAULT = 100;
export const PLAN_PAGE_MAX = 500;

/** Characters of one write kept in the summary: a revert timer's script can be hundreds of KB on its own. */
export const SUMMARY_WIRE_CHARS = 2000;

/** `cut`: characters left out of this copy (summaries only; its page has the whole write). */
export const planWriteSchema = vendorOpSchema.extend({
  group: z.enum(["arm", "change", "confirm"]),
  cut: z.number().optional(),
});
export type PlanWrite = z.infer<typeof planWriteSchema>;

export const PLAN_SECTIONS = ["changes", "notes", "writes"] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];

const countsSchema = z.object({ add: z.number(), change: z.number(), remove: z.number(), move: z.number() });

/** What a plan is at a glance, kept for ever. `writes` are every write in order: the timer's arm, the ops, its removal. */
export const planSummarySchema = z.object({
  counts: countsSchema,
  opsTotal: z.number(),
  claimedTotal: z.number(),
  hasTimer: z.boolean(),
  changes: z.object({ total: z.number(), first: z.array(firewallChangeSchema) }),
  notes: z.object({ total: z.number(), first: z.array(compileNoteSchema) }),
  writes: z.object({ total: z.number(), first: z.array(planWriteSchema) }),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

/** A plan as the API and the browser get it: the summary, and whether the rest can still be paged in. */
export const planSummaryViewSchema = planSummarySchema.extend({
  hash: z.string(),
  /** Size of the whole plan as JSON. */
  bytes: z.number(),
  /** false once the retention setting dropped the detail: only this summary is left. */
  detailKept: z.boolean(),
  prunedAt: z.string().nullable(),
});
export type PlanSummaryView = z.infer<typeof planSummaryViewSchema>;

export const planPageSchema = z.object({
  section: z.enum(PLAN_SECTIONS),
  total: z.number(),
  /** Index of the first item; pass `next` as the cursor for the following page (null: that was the last). */
  cursor: z.number(),
  next: z.number().nullable(),
  items: z.array(z.union([firewallChangeSchema, compileNoteSchema, planWriteSchema])),
});
export type PlanPage = z.infer<typeof planPageSchema>;

/** A plan as stored and shared: without the router-specific baseStateHash. */
export type PlanBody = Omit<StoredPlan, "baseStateHash">;

export function writesOf(p: PlanBody): PlanWrite[] {
  const tag = (group: PlanWrite["group"]) => (op: { label: string; wire: string[] }) => ({
    group,
    label: op.label,
    wire: op.wire,
  });
  return [
    ...(p.timerWrites?.arm ?? []).map(tag("arm")),
    ...p.ops.map(tag("change")),
    ...(p.timerWrites?.confirm ?? []).map(tag("confirm")),
  ];
}

export function summarize(p: PlanBody): PlanSummary {
  const writes = writesOf(p);
  return {
    counts: p.counts,
    opsTotal: p.ops.length,
    claimedTotal: p.claimed?.length ?? 0,
    hasTimer: !!p.timerWrites,
    changes: { total: p.changes.length, first: p.changes.slice(0, SUMMARY_ITEMS) },
    notes: { total: p.notes.length, first: p.notes.slice(0, SUMMARY_ITEMS) },
    writes: { total: writes.length, first: writes.slice(0, SUMMARY_ITEMS).map(clipped) },
  };
}

function clipped(w: PlanWrite): PlanWrite {
  const total = w.wire.reduce((n, l) => n + l.length, 0);
  if (total <= SUMMARY_WIRE_CHARS) return w;
  let room = SUMMARY_WIRE_CHARS;
  const wire: string[] = [];
  for (const line of w.wire) {
    if (room <= 0) break;
    wire.push(line.slice(0, room));
    room -= line.length;
  }
  return { ...w, wire, cut: total - wire.reduce((n, l) => n + l.length, 0) };
}

/** A preview as the API sends it: the plan summarized (a 2,000-rule plan is about 1 MB of JSON). */
export const previewSummaryViewSchema = previewViewSchema.omit({ plan: true }).extend({ plan: planSummaryViewSchema });
export type PreviewSummaryView = z.infer<typeof previewSummaryViewSchema>;
