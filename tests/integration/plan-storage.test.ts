/**
 * Issue #18, storage: a plan (about 460 bytes a rule) was stored twice per router per push, once for ever; a push
 * of 2,000 rules to 50 routers grew the database to 100 MB. Now a plan is stored once and shared by every
 * router given the same plan, and the browser gets its summary and pages in the rest. Real SQLite, real previews
 * against a RouterOS peer (the first few routers; the others store that same plan through storePreview, as their
 * own previews would: see bench/support/plan-storage-run.ts), the real push start; bytes are the database's pages
 * in use, counted, not timed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchRuleSet } from "../../bench/support/rule-sets";
import { measurePlanStorage, type PlanStorageFigures } from "../../bench/support/plan-storage-run";
import type { RouterOsPeer } from "../peers/routeros";
import { migrateDatabase, setupPushDatabase, startPeer } from "./push-fixture";

setupPushDatabase("plan-storage");
const ROUTERS = 200;
const RULES = 2000;
let peer: RouterOsPeer;
let f: PlanStorageFigures;

beforeAll(async () => {
  migrateDatabase();
  peer = await startPeer();
}, 60_000);
afterAll(async () => peer?.close());

describe("plan storage counted in bytes", () => {
  it(
    `a ${RULES}-rule push to ${ROUTERS} routers with the same plan stores the plan once`,
    { timeout: 600_000 },
    async () => {
      f = await measurePlanStorage({
        routers: ROUTERS,
        content: benchRuleSet(RULES),
        port: peer.port,
        username: "admin",
        password: "admin",
      });
      const { db } = await import("@/lib/db/client");
      expect(f.canaryStatus).toBe("done");
      expect(f.distinctPlans).toBe(1);
      expect(await db.pushPreview.count()).toBe(ROUTERS);
      expect(await db.deployment.count()).toBe(ROUTERS);
      // The old code stored the plan's JSON in every preview and again for every deployment.
      expect(f.planJsonBytes).toBeGreaterThan(RULES * 300);
      const perExtraRouter = (f.bytesAfterPreviews - f.bytesAfterFirstPreview) / (ROUTERS - 1);
      const pushPerRouter = (f.bytesAfterPush - f.bytesAfterPreviews) / ROUTERS;
      const total = f.bytesAfterPush - f.bytesBefore;
      // Another router's preview is a row naming the plan, not a copy of it; so is its deployment.
      expect(perExtraRouter).toBeLessThan(2048);
      expect(pushPerRouter).toBeLessThan(2048);
      // The whole push: one compressed plan plus small rows, far below one plan copy per router.
      expect(total).toBeLessThan(f.planStoredBytes + ROUTERS * 4096 + 512 * 1024);
      expect(total).toBeLessThan((ROUTERS * 2 * f.planJsonBytes) / 50);
    },
  );

  it(
    "the API sends the summary and pages in the detail; a pruned plan keeps its summary",
    { timeout: 120_000 },
    async () => {
      const { db } = await import("@/lib/db/client");
      const { createApiToken } = await import("@/lib/auth/api-tokens");
      const previews = await import("@/app/api/v1/rule-sets/[id]/previews/route");
      const pages = await import("@/app/api/v1/plans/[hash]/[section]/route");
      const deployments = await import("@/app/api/v1/deployments/[id]/route");
      const retention = await import("@/app/api/v1/settings/plan-retention/route");
      const { SUMMARY_ITEMS } = await import("@/lib/push/plan-summary");
      const admin = await db.user.findFirstOrThrow({ where: { role: "admin" } });
      const token = (await createApiToken({ name: "plans", role: "admin", expiresInDays: null, createdById: admin.id }))
        .token;
      const ORIGIN = "http://127.0.0.1:3000";
      const call = async (
        handler: (req: Request, ctx?: { params?: Promise<Record<string, string>> }) => Promise<Response>,
        path: string,
        params: Record<string, string>,
        init: RequestInit = {},
      ) => {
        const res = await handler(
          new Request(`${ORIGIN}${path}`, {
            ...init,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          }),
          { params: Promise.resolve(params) },
        );
        return { status: res.status, body: await res.json(), bytes: Number(res.headers.get("content-length") ?? 0) };
      };

      // A fresh preview of another router (the canary's push changed the peer: now the plan re-adds nothing).
      const d0 = await db.deployment.findFirstOrThrow({ where: { status: "skipped" }, orderBy: { createdAt: "asc" } });
      const p = await call(
        previews.POST,
        `/api/v1/rule-sets/${d0.ruleSetId}/previews`,
        { id: d0.ruleSetId },
        { method: "POST", body: JSON.stringify({ routerId: d0.routerId }) },
      );
      expect(p.status).toBe(201);
      expect(p.body.plan.detailKept).toBe(true);
      expect(JSON.stringify(p.body.plan).length).toBeLessThan(f.planJsonBytes / 10);

      // The skipped deployment's plan: the 2,000 adds, summarized, and paged through to the end.
      const det = await call(deployments.GET, `/api/v1/deployments/${d0.id}`, { id: d0.id });
      expect(det.status).toBe(200);
      const plan = det.body.plan;
      expect(plan.counts.add).toBe(RULES);
      expect(plan.opsTotal).toBeGreaterThanOrEqual(RULES);
      expect(plan.changes.total).toBe(RULES);
      expect(plan.changes.first).toHaveLength(SUMMARY_ITEMS);
      expect(JSON.stringify(det.body).length).toBeLessThan(f.planJsonBytes / 10);
      const seen: string[] = [];
      let cursor: number | null = 0;
      while (cursor !== null) {
        const page = await call(pages.GET, `/api/v1/plans/${plan.hash}/changes?cursor=${cursor}&limit=500`, {
          hash: plan.hash,
          section: "changes",
        });
        expect(page.status).toBe(200);
        expect(page.body.total).toBe(RULES);
        seen.push(...page.body.items.map((c: { description: string }) => c.description));
        cursor = page.body.next;
      }
      expect(seen).toHaveLength(RULES);
      expect(new Set(seen).size).toBe(RULES);
      expect(seen.slice(0, SUMMARY_ITEMS)).toEqual(
        plan.changes.first.map((c: { description: string }) => c.description),
      );
      const writes = await call(pages.GET, `/api/v1/plans/${plan.hash}/writes?cursor=0&limit=3`, {
        hash: plan.hash,
        section: "writes",
      });
      expect(writes.body.next).toBe(3);
      // The summary cuts a long write short (the timer's script names every rule) and says by how much; the page has it whole.
      type Write = { label: string; wire: string[]; cut?: number };
      writes.body.items.forEach((w: Write, i: number) => {
        const short: Write = plan.writes.first[i];
        const len = (x: Write) => x.wire.join("").length;
        expect(w.label).toBe(short.label);
        expect(w.cut).toBeUndefined();
        expect(len(w)).toBe(len(short) + (short.cut ?? 0));
        expect(w.wire.join("\n").startsWith(short.wire.join("\n"))).toBe(true);
      });
      expect(plan.writes.first.some((w: Write) => (w.cut ?? 0) > 100_000)).toBe(true);
      const bad = await call(pages.GET, `/api/v1/plans/${plan.hash}/changes?limit=100000`, {
        hash: plan.hash,
        section: "changes",
      });
      expect(bad.status).toBe(422);

      // Retention: a 1-day setting, 100 days later. The plan of each router's newest deployment stays in full
      // (the fresh preview's plan has no deployment, so it goes with its preview); move every deployment but one
      // router's back in time and make newer ones for the others so the shared plan is nobody's newest.
      const put = await call(
        retention.PUT,
        "/api/v1/settings/plan-retention",
        {},
        { method: "PUT", body: JSON.stringify({ days: 0 }) },
      );
      expect(put.status).toBe(422);
      expect(put.body.error.issues[0].path).toBe("days");
      await db.deployment.updateMany({
        where: { planHash: plan.hash },
        data: { createdAt: new Date(Date.now() - 200 * 86_400_000) },
      });
      await db.pushPlan.update({
        where: { hash: plan.hash },
        data: { lastUsedAt: new Date(Date.now() - 100 * 86_400_000) },
      });
      const kept = await call(
        retention.PUT,
        "/api/v1/settings/plan-retention",
        {},
        { method: "PUT", body: JSON.stringify({ days: 30 }) },
      );
      expect(kept.status).toBe(200);
      // Still each router's newest deployment: kept.
      expect((await db.pushPlan.findUniqueOrThrow({ where: { hash: plan.hash } })).body).not.toBeNull();
      const newer = await db.deployment.findMany({ where: { planHash: plan.hash } });
      for (let i = 0; i < newer.length; i += 200) {
        await db.deployment.createMany({
          data: newer.slice(i, i + 200).map((d) => ({
            routerId: d.routerId,
            ruleSetId: d.ruleSetId,
            revisionId: d.revisionId,
            status: "done",
            planHash: p.body.planHash,
            previewHash: d.previewHash,
          })),
        });
      }
      const pruned = await call(
        retention.PUT,
        "/api/v1/settings/plan-retention",
        {},
        { method: "PUT", body: JSON.stringify({ days: 30 }) },
      );
      expect(pruned.status).toBe(200);
      expect(pruned.body.pruned).toBeGreaterThanOrEqual(1);
      const after = await call(deployments.GET, `/api/v1/deployments/${d0.id}`, { id: d0.id });
      expect(after.body.plan.detailKept).toBe(false);
      expect(after.body.plan.prunedAt).not.toBeNull();
      expect(after.body.plan.counts.add).toBe(RULES);
      expect(after.body.plan.changes.first).toEqual(plan.changes.first);
      const gone = await call(pages.GET, `/api/v1/plans/${plan.hash}/changes`, { hash: plan.hash, section: "changes" });
      expect(gone.status).toBe(404);
      expect(gone.body.error.message).toMatch(/pruned/);
    },
  );
});
