import { z } from "zod";
import { db } from "@/lib/db/client";
import { execute, join, queryRows, sql, nextTurn } from "@/lib/db/direct-sql";
import { forgetCachedPlans } from "./plan-store";
import { ACTIVE_STATUSES } from "./schemas";

/**
 * How long a plan's full detail (every op, change and note) is kept; its summary (counts, totals, the first
 * items) is kept for ever with the deployment. A plan's clock starts at the newest preview or deployment that
 * used it. Whatever the setting, the detail is kept for a deployment that is still queued or running (it runs
 * the plan), for one whose outcome is unknown (the next look at the router needs it), and for each router's
 * newest deployment (what it was last given). Plans no deployment uses (previews never pushed) go with their
 * previews after a day.
 */
export const DEFAULT_PLAN_RETENTION_DAYS = 90;
export const planRetentionSchema = z.object({
  days: z
    .number({ error: "days must be a number" })
    .int("days must be a whole number")
    .min(1, "keep plans at least 1 day (a preview stays pushable for 30 minutes)")
    .max(3650, "at most 3650 days (10 years)"),
});
export type PlanRetention = z.infer<typeof planRetentionSchema>;

const KEY = "push.planRetention";
const DAY_MS = 24 * 3600_000;
/** Previews older than this are deleted (preview.ts); a plan only they used goes with them. */
export const PREVIEW_KEEP_MS = DAY_MS;
/** Plans per transaction: pruning never holds the database for long, however much there is to prune. */
const PRUNE_SLICE = 50;

export async function loadPlanRetention(): Promise<PlanRetention> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return { days: DEFAULT_PLAN_RETENTION_DAYS };
  let value: unknown = null;
  try {
    value = JSON.parse(row.value);
  } catch {
    // A hand-edited row that is not JSON reads as the default rather than breaking pruning.
  }
  const parsed = planRetentionSchema.safeParse(value);
  return parsed.success ? parsed.data : { days: DEFAULT_PLAN_RETENTION_DAYS };
}

export async function savePlanRetention(s: PlanRetention): Promise<void> {
  const value = JSON.stringify(planRetentionSchema.parse(s));
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}

const KEEP_STATUSES = [...ACTIVE_STATUSES, "failed-unknown"];

/** Plans whose detail must stay, whatever their age (see above). */
const stillNeeded = () => sql`(
  EXISTS (SELECT 1 FROM "Deployment" d WHERE d."planHash" = p."hash" AND d."status" IN (${join(KEEP_STATUSES)}))
  OR EXISTS (SELECT 1 FROM "Deployment" d WHERE d."planHash" = p."hash"
    AND NOT EXISTS (SELECT 1 FROM "Deployment" n WHERE n."routerId" = d."routerId" AND n."createdAt" > d."createdAt")))`;

const unused = () => sql`NOT EXISTS (SELECT 1 FROM "Deployment" d WHERE d."planHash" = p."hash")
  AND NOT EXISTS (SELECT 1 FROM "PushPreview" v WHERE v."planHash" = p."hash")`;

export interface PruneResult {
  /** Plans whose detail was dropped (their summary stays). */
  pruned: number;
  /** Plans no preview or deployment used any more, deleted whole. */
  deleted: number;
}

/**
 * Applies the retention setting, a few plans per transaction. Each statement checks its conditions again, so a
 * plan used again meanwhile (a new preview) is not touched.
 */
export async function prunePlans(now = new Date()): Promise<PruneResult> {
  const { days } = await loadPlanRetention();
  const detailBefore = new Date(now.getTime() - days * DAY_MS);
  const orphanBefore = new Date(now.getTime() - PREVIEW_KEEP_MS);
  const out: PruneResult = { pruned: 0, deleted: 0 };
  for (;;) {
    const rows = await queryRows(
      sql`SELECT p."hash" AS "hash" FROM "PushPlan" p WHERE p."lastUsedAt" < ${orphanBefore} AND ${unused()} LIMIT ${PRUNE_SLICE}`,
    );
    if (rows.length === 0) break;
    const hashes = rows.map((r) => String(r.hash));
    const [n] =
      await execute(sql`DELETE FROM "PushPlan" WHERE "hash" IN (${join(hashes)}) AND "lastUsedAt" < ${orphanBefore}
      AND NOT EXISTS (SELECT 1 FROM "Deployment" d WHERE d."planHash" = "PushPlan"."hash")
      AND NOT EXISTS (SELECT 1 FROM "PushPreview" v WHERE v."planHash" = "PushPlan"."hash")`);
    out.deleted += n;
    await nextTurn();
    if (rows.length < PRUNE_SLICE) break;
  }
  for (;;) {
    const rows = await queryRows(
      sql`SELECT p."hash" AS "hash" FROM "PushPlan" p WHERE p."body" IS NOT NULL AND p."lastUsedAt" < ${detailBefore} AND NOT ${stillNeeded()} LIMIT ${PRUNE_SLICE}`,
    );
    if (rows.length === 0) break;
    const hashes = rows.map((r) => String(r.hash));
    const [n] = await execute(
      sql`UPDATE "PushPlan" SET "body" = NULL, "prunedAt" = ${now} WHERE "hash" IN (${join(hashes)}) AND "lastUsedAt" < ${detailBefore} AND "hash" IN (SELECT p."hash" FROM "PushPlan" p WHERE p."hash" IN (${join(hashes)}) AND NOT ${stillNeeded()})`,
    );
    out.pruned += n;
    await nextTurn();
    if (rows.length < PRUNE_SLICE) break;
  }
  if (out.pruned || out.deleted) forgetCachedPlans();
  return out;
}
