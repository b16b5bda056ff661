import { randomUUID } from "node:crypto";
import { z } from "zod";
import { conflictRefusal } from "@/lib/analysis/push-guard";
import { execute, queryRows, sql } from "@/lib/db/direct-sql";
import type { Actor } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { Failure } from "@/lib/failure";
import { ruleLabel } from "@/lib/rules/describe";
import type { Rule } from "@/lib/rules/schema";
import { checkLockout } from "./lockout-guard";
import { storedClaims } from "./ownership-claims";
import { planPreview } from "./preview-plan";
import { cachedRevisionOf, compiledAgainstLive, compiledForVendor } from "./compiled-revision";
import { closeQuietly, connect, describeError, loadPushRouter } from "./router-session";
import { PREVIEW_KEEP_MS, prunePlans } from "./plan-retention";
import { savePlan } from "./plan-store";
import {
  lockoutCheckSchema,
  parseStoredJson,
  PREVIEW_TTL_MS,
  storedPlacement,
  type LockoutCheck,
  type PreviewRefusal,
  type PreviewView,
  type StoredPlan,
} from "./schemas";

/** A refusal is a Failure (issues at rules.N.field) that also carries the refusal as the preview shows it. */
export type PreviewOutcome =
  | { ok: true; preview: PreviewView }
  | (Failure<"not_found" | "conflict" | "validation_failed" | "router_error"> & { refusal: PreviewRefusal });
type RefusalCode = Extract<PreviewOutcome, { ok: false }>["code"];

/**
 * Plans one router against its live firewall and stores the plan, so the push runs exactly what was shown.
 * Nothing is written to the router. Previews of many routers share the revision's parse and vendor compile
 * (compiled-revision.ts), as the deployments of a push do.
 */
export async function previewPush(
  actor: Actor,
  routerId: string,
  ruleSetId: string,
  revisionNumber?: number,
): Promise<PreviewOutcome> {
  const refuse = (code: RefusalCode, message: string, extra: Partial<PreviewRefusal> = {}): PreviewOutcome => {
    const refusal: PreviewRefusal = { routerId, message, routerMessage: null, issues: [], ...extra };
    const issues = refusal.issues.map((i) => ({
      path: i.ruleIndex !== null ? `rules.${i.ruleIndex}.${i.field}` : i.field,
      message: i.message,
    }));
    const said = refusal.routerMessage ? `${message} (router said: ${refusal.routerMessage})` : message;
    return { ok: false, code, message: said, ...(issues.length ? { issues } : {}), refusal };
  };
  const router = await previewRouter(routerId);
  if (!router) return refuse("not_found", "router not found");
  const revision = await cachedRevisionOf(ruleSetId, revisionNumber);
  if (!revision)
    return refuse(
      "not_found",
      revisionNumber === undefined ? "rule set not found" : `revision ${revisionNumber} not found`,
    );
  if (router.assignedRuleSetId !== ruleSetId) {
    return refuse("conflict", `${router.name} is not assigned rule set '${revision.ruleSetName}'; assign it first`);
  }
  const blocked = await conflictRefusal(revision.content, `Revision ${revision.number}`);
  if (blocked) return refuse("conflict", blocked);
  const loaded = await loadPushRouter(routerId);
  if (!loaded.ok) return refuse("conflict", loaded.message);
  const { planner, target } = loaded.router;
  const compiled = compiledForVendor(revision, target.vendor, planner, loaded.router.roles);
  if (!compiled.ok) {
    const first = compiled.issues[0];
    return refuse(
      "validation_failed",
      `${compiled.issues.length === 1 ? "a rule" : `${compiled.issues.length} rules`} cannot be expressed on ${router.name}: ${issueText(first, revision.content.rules)}`,
      { issues: compiled.issues },
    );
  }
  let session = null;
  try {
    session = await connect(loaded.router);
    const live = await session.readFirewall();
    // Again against the live config: some issues (OpenWrt zones of interfaces) depend on the router itself.
    const againstLive = compiledAgainstLive(revision, target.vendor, planner, live, loaded.router.roles);
    if (!againstLive.ok) {
      return refuse(
        "validation_failed",
        `${againstLive.issues.length === 1 ? "a rule" : `${againstLive.issues.length} rules`} cannot be expressed on ${router.name}: ${issueText(againstLive.issues[0], revision.content.rules)}`,
        { issues: againstLive.issues },
      );
    }
    const claims = storedClaims(routerId, router.ownershipClaims);
    const { stored, inSync, chain, chainView } = planPreview(planner, live, revision.content, againstLive.desired, {
      claims,
      placement: storedPlacement(router.lastPushedPlacement),
    });
    const lockout = await checkLockout(
      revision.content,
      { src: session.localAddress(), host: target.host, port: target.port },
      chain,
    );
    const { row, saved } = await storePreview(actor, { routerId, ruleSetId, revisionId: revision.id }, stored, lockout);
    return {
      ok: true,
      preview: {
        id: row.id,
        routerId,
        routerName: router.name,
        ruleSetId,
        revisionId: revision.id,
        revisionNumber: revision.number,
        createdAt: row.createdAt.toISOString(),
        createdBy: actor.label,
        planHash: saved.hash,
        plan: stored,
        lockout,
        inSync,
        chain: chainView,
        staged: live.staged ?? [],
      },
    };
  } catch (err) {
    const e = describeError(err);
    return refuse("router_error", `could not read ${router.name}: ${e.message}`, { routerMessage: e.routerMessage });
  } finally {
    await closeQuietly(session);
  }
}

const previewRouterSchema = z.object({
  name: z.string(),
  assignedRuleSetId: z.string().nullable(),
  ownershipClaims: z.string().nullable(),
  lastPushedPlacement: z.string().nullable(),
});

/**
 * The router, its assignment (rule set, pending ownership claims) and the placement of its last push, in one
 * plain SQL read: these were three model operations per router of a fleet preview.
 */
async function previewRouter(routerId: string): Promise<z.infer<typeof previewRouterSchema> | null> {
  const rows = await queryRows(sql`
    SELECT r."name", a."ruleSetId" AS "assignedRuleSetId", a."ownershipClaims", s."lastPushedPlacement"
    FROM "Router" r
    LEFT JOIN "RouterAssignment" a ON a."routerId" = r."id"
    LEFT JOIN "RouterStatus" s ON s."routerId" = r."id"
    WHERE r."id" = ${routerId}`);
  return rows.length ? previewRouterSchema.parse(rows[0]) : null;
}

/**
 * Stores a preview: its plan once in the shared plan table (an equal plan of another router is reused), and a
 * small row naming it with this router's base state and lockout check.
 */
export async function storePreview(
  actor: Actor,
  at: { routerId: string; ruleSetId: string; revisionId: string },
  stored: StoredPlan,
  lockout: LockoutCheck,
) {
  await pruneOldPreviews();
  const saved = await savePlan(stored);
  // Plain SQL: a fleet preview stores one row per router (Prisma's query compiler cost more than SQLite).
  const row = { id: randomUUID(), createdAt: new Date() };
  await execute(sql`INSERT INTO "PushPreview" ("id", "routerId", "ruleSetId", "revisionId", "createdById", "createdByLabel", "planHash", "baseStateHash", "lockout", "createdAt")
    VALUES (${row.id}, ${at.routerId}, ${at.ruleSetId}, ${at.revisionId}, ${actor.type === "user" ? actor.id : null}, ${actor.label}, ${saved.hash}, ${stored.baseStateHash}, ${JSON.stringify(lockout)}, ${row.createdAt})`);
  return { row, saved };
}

/** A compile issue in a sentence, the rule named by number and comment ("rule #2 SSH from office, dst: ..."). */
export function issueText(
  i: { ruleIndex: number | null; ruleId: string | null; field: string; message: string },
  rules?: readonly Rule[],
): string {
  const named = i.ruleId && rules ? ruleLabel(rules, i.ruleId) : null;
  const nat = /^nat\.(\d+)\./.exec(i.field);
  const where = named
    ? `rule ${named}`
    : i.ruleIndex !== null
      ? `rule #${i.ruleIndex + 1}`
      : nat
        ? `NAT rule #${Number(nat[1]) + 1}`
        : "address lists";
  return `${where}, ${i.field}: ${i.message}`;
}

/** The newest preview of this router for this revision, if it is still fresh enough to push. */
export async function latestPreview(routerId: string, revisionId: string) {
  const row = await db.pushPreview.findFirst({
    where: { routerId, revisionId, createdAt: { gte: new Date(Date.now() - PREVIEW_TTL_MS) } },
    orderBy: { createdAt: "desc" },
  });
  if (!row) return null;
  return {
    id: row.id,
    planHash: row.planHash,
    lockout: parseStoredJson(lockoutCheckSchema, row.lockout, `preview ${row.id}`),
    baseStateHash: row.baseStateHash,
  };
}

/**
 * Previews older than a day go, and plans past the retention setting lose their detail (plan-retention.ts);
 * checked at most once a minute (not once per router of a 200-router preview).
 */
const PRUNE_EVERY_MS = 60_000;
let lastPrune = 0;

async function pruneOldPreviews(): Promise<void> {
  if (Date.now() - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = Date.now();
  await db.pushPreview.deleteMany({ where: { createdAt: { lt: new Date(lastPrune - PREVIEW_KEEP_MS) } } });
  await prunePlans().catch((err) =>
    console.error("[push] plan pruning failed:", err instanceof Error ? err.message : "unknown"),
  );
}
