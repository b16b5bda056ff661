import { z } from "zod";
import { db } from "@/lib/db/client";
import { queryRows, sql } from "@/lib/db/direct-sql";
import { planSummaries, planSummary } from "./plan-store";
import { planSummaryViewSchema } from "./plan-summary";
import {
  batchStateSchema,
  deploymentStatusSchema,
  overrideRecordSchema,
  parseStoredJson,
  DEPLOYMENT_STATUSES,
} from "./schemas";

export const deploymentSummarySchema = z.object({
  id: z.string(),
  batchId: z.string().nullable(),
  routerId: z.string(),
  routerName: z.string(),
  ruleSetId: z.string(),
  ruleSetName: z.string(),
  revisionNumber: z.number(),
  requestedBy: z.string(),
  status: deploymentStatusSchema,
  opsTotal: z.number(),
  opsDone: z.number(),
  counts: z.object({ add: z.number(), change: z.number(), remove: z.number(), move: z.number() }),
  error: z.string().nullable(),
  routerError: z.string().nullable(),
  rollbackOutcome: z.string().nullable(),
  overrides: z.array(overrideRecordSchema),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
});
export type DeploymentSummary = z.infer<typeof deploymentSummarySchema>;

export const deploymentStepSchema = z.object({
  seq: z.number(),
  at: z.string(),
  phase: z.string(),
  level: z.enum(["info", "warn", "error"]),
  message: z.string(),
});

export const deploymentDetailSchema = deploymentSummarySchema.extend({
  /** The plan's summary (its detail pages in from GET /api/v1/plans/{hash}); null only for a plan that could not be read. */
  plan: planSummaryViewSchema.nullable(),
  previewHash: z.string(),
  revertSeconds: z.number().nullable(),
  steps: z.array(deploymentStepSchema),
});
export type DeploymentDetail = z.infer<typeof deploymentDetailSchema>;

export const batchViewSchema = z.object({
  id: z.string(),
  state: batchStateSchema,
  ruleSetId: z.string(),
  revisionNumber: z.number(),
  canary: z.number(),
  stopOnFailure: z.boolean(),
  revertSeconds: z.number(),
  requestedBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  deployments: z.array(deploymentSummarySchema),
});
export type BatchView = z.infer<typeof batchViewSchema>;

export const deploymentFilterSchema = z.object({
  status: z.enum(DEPLOYMENT_STATUSES).optional(),
  routerId: z.string().max(64).optional(),
  ruleSetId: z.string().max(64).optional(),
  batchId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DeploymentFilter = z.infer<typeof deploymentFilterSchema>;

const include = {
  router: { select: { name: true } },
  ruleSet: { select: { name: true } },
  revision: { select: { number: true } },
} as const;

type Row = {
  id: string;
  batchId: string | null;
  routerId: string;
  ruleSetId: string;
  requestedByLabel: string;
  status: string;
  planHash: string;
  overrides: string;
  opsTotal: number;
  opsDone: number;
  error: string | null;
  routerError: string | null;
  rollbackOutcome: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  router: { name: string };
  ruleSet: { name: string };
  revision: { number: number };
};

type PlanCounts = DeploymentSummary["counts"];
const NO_COUNTS: PlanCounts = { add: 0, change: 0, remove: 0, move: 0 };

/**
 * A list shows only each plan's counts, read from the shared plans' summaries: a batch of 10,000 deployments
 * holds a few distinct plans, and no plan body is read or decompressed (the push page polls its batch every second).
 */
async function summaries(rows: Row[]): Promise<DeploymentSummary[]> {
  const plans = await planSummaries(rows.map((r) => r.planHash));
  return rows.map((r) => summary(r, plans.get(r.planHash)?.counts ?? NO_COUNTS));
}

function summary(r: Row, counts: PlanCounts): DeploymentSummary {
  return {
    id: r.id,
    batchId: r.batchId,
    routerId: r.routerId,
    routerName: r.router.name,
    ruleSetId: r.ruleSetId,
    ruleSetName: r.ruleSet.name,
    revisionNumber: r.revision.number,
    requestedBy: r.requestedByLabel,
    status: deploymentStatusSchema.parse(r.status),
    opsTotal: r.opsTotal,
    opsDone: r.opsDone,
    counts,
    error: r.error,
    routerError: r.routerError,
    rollbackOutcome: r.rollbackOutcome,
    overrides: overridesOf(r),
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.durationMs,
  };
}

const overridesSchema = z.array(overrideRecordSchema);

/** Every deployment of a batch stores the same overrides text: parsed once per list, not once per row. */
let lastOverrides: { text: string; parsed: DeploymentSummary["overrides"] } | null = null;

function overridesOf(r: Row): DeploymentSummary["overrides"] {
  if (lastOverrides?.text !== r.overrides)
    lastOverrides = {
      text: r.overrides,
      parsed: parseStoredJson(overridesSchema, r.overrides, `deployment ${r.id} overrides`),
    };
  return lastOverrides.parsed;
}

export async function listDeployments(f: Partial<DeploymentFilter> = {}): Promise<DeploymentSummary[]> {
  const rows = await db.deployment.findMany({
    where: { status: f.status, routerId: f.routerId, ruleSetId: f.ruleSetId, batchId: f.batchId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: f.limit ?? 100,
    include,
  });
  return summaries(rows);
}

export async function getDeployment(id: string): Promise<DeploymentDetail | null> {
  const r = await db.deployment.findUnique({
    where: { id },
    include: { ...include, steps: { orderBy: { seq: "asc" } } },
  });
  if (!r) return null;
  const batch = r.batchId
    ? await db.pushBatch.findUnique({ where: { id: r.batchId }, select: { revertSeconds: true } })
    : null;
  const plan = r.planHash ? await planSummary(r.planHash) : null;
  return {
    ...summary(r, plan?.counts ?? NO_COUNTS),
    plan,
    previewHash: r.previewHash,
    revertSeconds: batch?.revertSeconds ?? null,
    steps: r.steps.map((s) => ({
      seq: s.seq,
      at: s.at.toISOString(),
      phase: s.phase,
      level: s.level === "warn" || s.level === "error" ? s.level : "info",
      message: s.message,
    })),
  };
}

export async function getBatch(id: string): Promise<BatchView | null> {
  const b = await db.pushBatch.findUnique({ where: { id } });
  if (!b) return null;
  const [rows, rev] = await Promise.all([
    batchDeployments(id),
    db.ruleSetRevision.findUnique({ where: { id: b.revisionId }, select: { number: true } }),
  ]);
  return {
    id: b.id,
    state: batchStateSchema.parse(b.state),
    ruleSetId: b.ruleSetId,
    revisionNumber: rev?.number ?? 0,
    canary: b.canary,
    stopOnFailure: b.stopOnFailure,
    revertSeconds: b.revertSeconds,
    requestedBy: b.requestedByLabel,
    createdAt: b.createdAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
    deployments: await summaries(rows),
  };
}

/** A date column as lib/db stores it (ISO-8601 text; epoch milliseconds are read too; a driver's Date as is). */
const storedDate = z.union([z.date(), z.string(), z.number()]).transform((v) => new Date(v));
const integer = z.number().int();

const batchRowSchema = z.object({
  id: z.string(),
  batchId: z.string().nullable(),
  routerId: z.string(),
  ruleSetId: z.string(),
  requestedByLabel: z.string(),
  status: z.string(),
  planHash: z.string(),
  overrides: z.string(),
  opsTotal: integer,
  opsDone: integer,
  error: z.string().nullable(),
  routerError: z.string().nullable(),
  rollbackOutcome: z.string().nullable(),
  createdAt: storedDate,
  startedAt: storedDate.nullable(),
  finishedAt: storedDate.nullable(),
  durationMs: integer.nullable(),
  routerName: z.string(),
  ruleSetName: z.string(),
  revisionNumber: integer,
});

/**
 * Every deployment of a batch with its router's and rule set's names and its revision's number, in one plain SQL
 * statement (lib/db/direct-sql). The push page loads this once a second for as long as the push runs, so a
 * model query over a 1,000-router batch (Prisma's compiler and row mapping, ~1.5 ms per 10 rows) was paid
 * about as many times as the batch has rows: the cost of watching a push grew with the square of its size.
 */
async function batchDeployments(batchId: string): Promise<Row[]> {
  const rows = await queryRows(sql`
    SELECT d."id", d."batchId", d."routerId", d."ruleSetId", d."requestedByLabel", d."status", d."planHash", d."overrides",
      d."opsTotal", d."opsDone", d."error", d."routerError", d."rollbackOutcome", d."createdAt", d."startedAt", d."finishedAt", d."durationMs",
      r."name" AS "routerName", s."name" AS "ruleSetName", v."number" AS "revisionNumber"
    FROM "Deployment" d
    JOIN "Router" r ON r."id" = d."routerId"
    JOIN "RuleSet" s ON s."id" = d."ruleSetId"
    JOIN "RuleSetRevision" v ON v."id" = d."revisionId"
    WHERE d."batchId" = ${batchId}
    ORDER BY d."createdAt" ASC, d."id" ASC`);
  return rows.map((raw) => {
    const { routerName, ruleSetName, revisionNumber, ...r } = batchRowSchema.parse(raw);
    return { ...r, router: { name: routerName }, ruleSet: { name: ruleSetName }, revision: { number: revisionNumber } };
  });
}
