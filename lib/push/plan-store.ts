import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { db } from "@/lib/db/client";
import { execute, sql } from "@/lib/db/direct-sql";
import { inChunks } from "@/lib/db/in-chunks";
import {
  planSummarySchema,
  summarize,
  writesOf,
  type PlanBody,
  type PlanPage,
  type PlanSection,
  type PlanSummary,
  type PlanSummaryView,
  type PreviewSummaryView,
} from "./plan-summary";
import { parseStoredJson, storedPlanSchema, type PreviewView, type StoredPlan } from "./schemas";

/**
 * Plans are stored once, by the hash of their canonical JSON, in PushPlan: a 2,000-rule plan is about 1 MB of
 * JSON, and a push of one revision to a fleet gives most routers the very same plan. Previews and deployments
 * hold the hash. The router-specific part (baseStateHash: the live state the plan was made against) is left out
 * of the shared body and kept on the preview and deployment rows. The body is gzip (bytes: BLOB in SQLite, bytea
 * in PostgreSQL); the summary next to it is plain JSON and outlives the body (plan-retention.ts).
 */

const planBodySchema = storedPlanSchema.omit({ baseStateHash: true });

/** JSON with object keys sorted, so equal plans hash equal whatever order the planner built them in. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === "object" && !Array.isArray(val)
      ? Object.fromEntries(
          Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : val,
  );
}

function bodyOf(plan: StoredPlan): PlanBody {
  const { baseStateHash: _routerSpecific, ...body } = plan;
  return body;
}

/**
 * A plan's canonical JSON, hash and summary, worked out once per plan object: previews of routers whose read is
 * identical hand in the very same plan (preview-plan.ts). Keyed by identity, so it holds nothing past the plan.
 */
const preparedPlans = new WeakMap<StoredPlan, { json: string; hash: string; summary: PlanSummary }>();

function prepared(plan: StoredPlan): { json: string; hash: string; summary: PlanSummary } {
  let p = preparedPlans.get(plan);
  if (!p) {
    const body = bodyOf(plan);
    const json = canonicalJson(body);
    p = { json, hash: createHash("sha256").update(json).digest("hex"), summary: summarize(body) };
    preparedPlans.set(plan, p);
  }
  return p;
}

export interface SavedPlan {
  hash: string;
  summary: PlanSummary;
}

/**
 * Stores the plan unless an equal one is stored already (then only marks it used now) and returns its hash.
 * A plan whose detail was pruned gets its body back.
 */
export async function savePlan(plan: StoredPlan, at = new Date()): Promise<SavedPlan> {
  const { json, hash, summary } = prepared(plan);
  // Stored with its detail: only marked used now (never moved back). One plain statement, not a read and a
  // write through Prisma's query compiler: a fleet preview does this once per router.
  const [kept] =
    await execute(sql`UPDATE "PushPlan" SET "lastUsedAt" = CASE WHEN "lastUsedAt" < ${at} THEN ${at} ELSE "lastUsedAt" END
    WHERE "hash" = ${hash} AND "prunedAt" IS NULL`);
  if (kept === 1) return { hash, summary };
  const gz = new Uint8Array(gzipSync(json));
  try {
    await db.pushPlan.upsert({
      where: { hash },
      create: {
        hash,
        summary: JSON.stringify(summary),
        body: gz,
        bytes: Buffer.byteLength(json),
        createdAt: at,
        lastUsedAt: at,
      },
      update: { body: gz, prunedAt: null, lastUsedAt: at },
    });
  } catch (err) {
    // Another preview of the same plan inserted it meanwhile (previews run several at once): it is stored.
    if ((err as { code?: string }).code !== "P2002") throw err;
    await db.pushPlan.update({ where: { hash }, data: { body: gz, prunedAt: null, lastUsedAt: at } });
  }
  return { hash, summary };
}

/** Marks plans used now (a push made deployments of them), so retention counts from the push, not the preview. */
export async function touchPlans(hashes: string[], at = new Date()): Promise<void> {
  await inChunks([...new Set(hashes)], async (slice) => [
    await db.pushPlan.updateMany({ where: { hash: { in: slice }, lastUsedAt: { lt: at } }, data: { lastUsedAt: at } }),
  ]);
}

/** Recently read bodies: paging through one plan, or one plan run by many deployments, decompresses it once. */
const bodies = new Map<string, PlanBody>();
const BODIES_KEPT = 4;

async function loadBody(hash: string): Promise<PlanBody | null> {
  const hit = bodies.get(hash);
  if (hit) return hit;
  const row = await db.pushPlan.findUnique({ where: { hash }, select: { body: true } });
  if (!row?.body) return null;
  const body = parseStoredJson(planBodySchema, gunzipSync(row.body).toString("utf8"), `plan ${hash.slice(0, 12)}`);
  bodies.set(hash, body);
  if (bodies.size > BODIES_KEPT) bodies.delete(bodies.keys().next().value!);
  return body;
}

/** The whole plan a deployment or preview runs, or null when the body was pruned (or the hash is unknown). */
export async function loadPlan(hash: string, baseStateHash: string): Promise<StoredPlan | null> {
  const body = await loadBody(hash);
  return body ? { ...body, baseStateHash } : null;
}

/** Forgets cached bodies (pruning drops bodies; tests reset the database). */
export function forgetCachedPlans(): void {
  bodies.clear();
}

/** Summaries of many plans (a batch of 10,000 deployments holds few distinct plans), keyed by hash. */
export async function planSummaries(hashes: string[]): Promise<Map<string, PlanSummaryView>> {
  const distinct = [...new Set(hashes.filter(Boolean))];
  const rows = await inChunks(distinct, (slice) =>
    db.pushPlan.findMany({
      where: { hash: { in: slice } },
      select: { hash: true, summary: true, bytes: true, prunedAt: true },
    }),
  );
  return new Map(rows.map((r) => [r.hash, summaryView(r)]));
}

export async function planSummary(hash: string): Promise<PlanSummaryView | null> {
  return (await planSummaries([hash])).get(hash) ?? null;
}

function summaryView(r: { hash: string; summary: string; bytes: number; prunedAt: Date | null }): PlanSummaryView {
  return {
    ...parseStoredJson(planSummarySchema, r.summary, `plan ${r.hash.slice(0, 12)} summary`),
    hash: r.hash,
    bytes: r.bytes,
    detailKept: !r.prunedAt,
    prunedAt: r.prunedAt?.toISOString() ?? null,
  };
}

export type PlanPageResult = { ok: true; page: PlanPage } | { ok: false; code: "not_found" | "gone"; message: string };

/** One page of one list of a stored plan. */
export async function planPage(
  hash: string,
  section: PlanSection,
  cursor: number,
  limit: number,
): Promise<PlanPageResult> {
  const body = await loadBody(hash);
  if (!body) {
    const s = await planSummary(hash);
    if (!s) return { ok: false, code: "not_found", message: "No plan with that hash." };
    return {
      ok: false,
      code: "gone",
      message: `The detail of this plan was pruned on ${s.prunedAt?.slice(0, 10)} (plan retention setting); only its summary is kept.`,
    };
  }
  const all = section === "changes" ? body.changes : section === "notes" ? body.notes : writesOf(body);
  const items = all.slice(cursor, cursor + limit);
  const end = cursor + items.length;
  return { ok: true, page: { section, total: all.length, cursor, next: end < all.length ? end : null, items } };
}

/** A preview as the API sends it: the plan's summary instead of the plan (saved by previewPush, so it is there). */
export async function previewSummaryView(p: PreviewView): Promise<PreviewSummaryView> {
  const plan = await planSummary(p.planHash);
  if (!plan) throw new Error(`preview ${p.id}: its plan is not stored`);
  return { ...p, plan };
}
