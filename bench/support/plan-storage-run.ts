/**
 * What a push of one rule set to a fleet adds to the database, measured: lib/push itself (real previews against a
 * RouterOS peer, startPush) over the SQLite database DATABASE_URL names, which must be migrated and otherwise
 * unused. Every router is the same peer, so every router gets the same plan, as a fleet of alike routers does.
 * The first `realPreviews` routers are previewed for real (connect, read, plan, lockout check: about 2 s a router
 * at 2,000 rules on this machine); the others store that same plan through storePreview, the step previewPush
 * ends with, as their own real previews would (the real ones show equal plans are stored once).
 * The push runs its canary (the first router) and is then stopped: what a deployment stores is written by
 * startPush; running it adds only its step log. Shared by tests/integration/plan-storage.test.ts and the bench.
 */
import type { RuleSetContent } from "@/lib/rules/schema";

export interface PlanStorageFigures {
  routers: number;
  rules: number;
  /** Bytes of pages in use (page_count − freelist_count) × page_size, after a WAL checkpoint. */
  bytesBefore: number;
  bytesAfterFirstPreview: number;
  bytesAfterPreviews: number;
  bytesAfterPush: number;
  /** The plan as JSON, as the old code stored it in each preview row and again in each deployment's plan row. */
  planJsonBytes: number;
  /** Its stored (gzip) body. */
  planStoredBytes: number;
  distinctPlans: number;
  /** Real previews made (the rest stored the first one's plan); mean time of one. */
  realPreviews: number;
  previewMs: number;
  canaryStatus: string;
}

async function bytesInUse(): Promise<number> {
  const { queryRows, sql } = await import("@/lib/db/direct-sql");
  await queryRows(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
  const [pages] = await queryRows(sql`PRAGMA page_count`);
  const [free] = await queryRows(sql`PRAGMA freelist_count`);
  const [size] = await queryRows(sql`PRAGMA page_size`);
  return (Number(pages.page_count) - Number(free.freelist_count)) * Number(size.page_size);
}

export async function measurePlanStorage(opts: {
  routers: number;
  content: RuleSetContent;
  port: number;
  username: string;
  password: string;
  realPreviews?: number;
  log?: (line: string) => void;
}): Promise<PlanStorageFigures> {
  const { createRouter } = await import("@/lib/inventory/routers");
  const { createRuleSet, userEditor } = await import("@/lib/rulesets");
  const { previewPush, startPush, getBatch, stopBatch } = await import("@/lib/push");
  const { whenIdle } = await import("@/lib/push/push-queue");
  const { storePreview } = await import("@/lib/push/preview");
  const { db } = await import("@/lib/db/client");
  const log = opts.log ?? (() => undefined);
  const user = await db.user.create({ data: { username: `storage${Date.now()}`, passwordHash: "x", role: "admin" } });
  const who = {
    actor: { type: "user" as const, id: user.id, label: "bench" },
    userId: user.id,
    role: "admin" as const,
  };
  const set = await createRuleSet(userEditor({ id: user.id, username: user.username }), {
    name: `storage ${Date.now()}`,
    description: "",
    content: opts.content,
  });
  if (!set.ok) throw new Error(set.message);
  const ids: string[] = [];
  for (let i = 0; i < opts.routers; i++) {
    const r = await createRouter(
      { type: "system", id: null, label: "bench" },
      {
        name: `s${String(i).padStart(5, "0")}`,
        vendor: "mikrotik",
        host: "127.0.0.1",
        port: opts.port,
        transport: "api",
        username: opts.username,
        password: opts.password,
        site: "",
        tags: [],
        notes: "",
        tlsMode: "verify",
      },
    );
    if (!r.ok) throw new Error(r.message);
    ids.push(r.id);
  }
  for (let i = 0; i < ids.length; i += 200)
    await db.routerAssignment.createMany({
      data: ids.slice(i, i + 200).map((routerId) => ({ routerId, ruleSetId: set.id })),
    });

  const preview = async (routerId: string) => {
    const p = await previewPush(who.actor, routerId, set.id);
    if (!p.ok) throw new Error(`preview: ${p.refusal.message}`);
    return p.preview;
  };
  const bytesBefore = await bytesInUse();
  const t0 = performance.now();
  const first = await preview(ids[0]);
  const bytesAfterFirstPreview = await bytesInUse();
  const real = Math.min(ids.length, Math.max(1, opts.realPreviews ?? 3));
  for (const id of ids.slice(1, real)) await preview(id);
  const previewMs = (performance.now() - t0) / real;
  const revisionId = (await db.ruleSetRevision.findFirstOrThrow({ where: { ruleSetId: set.id }, select: { id: true } }))
    .id;
  for (const [i, id] of ids.slice(real).entries()) {
    await storePreview(who.actor, { routerId: id, ruleSetId: set.id, revisionId }, first.plan, first.lockout);
    if ((i + real) % 200 === 0) log(`plan storage: ${i + real}/${ids.length} previews stored`);
  }
  const bytesAfterPreviews = await bytesInUse();

  const started = await startPush(who, set.id, {
    routers: "all",
    canary: 1,
    stopOnFailure: false,
    revertSeconds: 60,
    override: { lockout: false, noTimer: false, staged: false },
  });
  if (!started.ok) throw new Error(`push: ${started.message}`);
  await whenIdle();
  const batch = await getBatch(started.batchId);
  const canaryStatus = batch?.deployments[0]?.status ?? "missing";
  if (opts.routers > 1) await stopBatch(who.actor, started.batchId);
  await whenIdle();
  const bytesAfterPush = await bytesInUse();
  const plans = await db.pushPlan.findMany({ select: { body: true } });
  return {
    routers: opts.routers,
    rules: opts.content.rules.length,
    bytesBefore,
    bytesAfterFirstPreview,
    bytesAfterPreviews,
    bytesAfterPush,
    planJsonBytes: Buffer.byteLength(JSON.stringify(first.plan)),
    planStoredBytes: Math.max(...plans.map((p) => p.body?.length ?? 0)),
    distinctPlans: plans.length,
    realPreviews: real,
    previewMs,
    canaryStatus,
  };
}
