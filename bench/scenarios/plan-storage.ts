import { execFile } from "node:child_process";
import path from "node:path";
import { int } from "../support/format";
import type { PlanStorageFigures } from "../support/plan-storage-run";
import { createTempDb } from "../support/temp-db";
import { workerExecArgv } from "../support/worker-exec-argv";
import type { Scenario } from "../types";

/** Issue #18: a 2,000-rule push to 1,000 routers adds ≤ 50 MB, i.e. ≤ 50 KB a router. */
const LIMIT_PER_ROUTER = 50 * 1024;
const MB = 1024 * 1024;

const mb = (b: number) => (b < MB ? `${(b / 1024).toFixed(0)} KB` : `${(b / MB).toFixed(1)} MB`);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

/**
 * What a push adds to the database, counted: lib/push in its own process over a temp SQLite DB
 * (bench/support/plan-storage-run.ts): previews of every router (each the same RouterOS peer, so the same plan),
 * startPush, the canary router pushed, the rest stopped. Bytes are SQLite's pages in use after a checkpoint.
 * The old way's figure is measured in the same run: the plan's JSON, which the old code stored in each preview
 * and again in each deployment's plan row (before any row overhead: a lower bound of what it added).
 */
export const planStorage: Scenario = {
  id: "plan-storage",
  title: (s) => `database growth of a ${int(s.storageRules)}-rule push to ${int(s.storageRouters)} routers`,
  baseline: () => "old: the plan's JSON twice a router (preview + deployment), measured",
  target: () => "≤ 50 KB a router (≤ 50 MB for 1,000 routers)",
  async run(ctx) {
    const { storageRouters: routers, storageRules: rules } = ctx.sizes;
    const db = createTempDb("plan-storage");
    try {
      ctx.log(`plan-storage: ${routers} routers, ${rules} rules`);
      const out = await new Promise<string>((resolve, reject) => {
        const child = execFile(
          process.execPath,
          [
            ...workerExecArgv(),
            path.join(process.cwd(), "bench/workers/plan-storage-worker.ts"),
            String(routers),
            String(rules),
          ],
          { env: db.env, maxBuffer: 16 * MB },
          (err, stdout, stderr) =>
            err ? reject(new Error(`plan-storage worker: ${err.message}: ${stderr.slice(-1500)}`)) : resolve(stdout),
        );
        child.stderr?.on("data", (b: Buffer) => ctx.log(b.toString().trimEnd()));
      });
      const f = JSON.parse(out.trim().split("\n").pop()!) as PlanStorageFigures;
      const added = f.bytesAfterPush - f.bytesBefore;
      const perRouter = added / routers;
      const oldAdded = 2 * f.planJsonBytes * routers;
      return {
        measured: `${mb(added)} added, ${kb(perRouter)} a router (old way ${mb(oldAdded)}: ${Math.round(oldAdded / added)}× more)`,
        verdict: perRouter <= LIMIT_PER_ROUTER && f.distinctPlans === 1 && f.canaryStatus === "done" ? "PASS" : "FAIL",
        note: [
          `lib/push in its own process, temp SQLite DB; SQLite pages in use (page_count − freelist_count) × page_size after a WAL checkpoint`,
          `${f.realPreviews} routers previewed for real (${(f.previewMs / 1000).toFixed(1)} s each: connect, read, plan, lockout check); the other ${routers - f.realPreviews} store that same plan through storePreview, the step previewPush ends with, as their own previews would`,
          `then startPush for all ${routers}; the canary router pushed (${f.canaryStatus}), the rest stopped (a deployment's plan is written by startPush; running adds its step log)`,
          `plan JSON ${kb(f.planJsonBytes)}, stored once gzip ${kb(f.planStoredBytes)}; ${f.distinctPlans} distinct plan(s) stored`,
          `first preview added ${kb(f.bytesAfterFirstPreview - f.bytesBefore)}, each further preview ${kb((f.bytesAfterPreviews - f.bytesAfterFirstPreview) / Math.max(1, routers - 1))}, startPush ${kb((f.bytesAfterPush - f.bytesAfterPreviews) / routers)} a router`,
          `old way = 2 × the plan's JSON per router, measured here from this plan (the issue: 100 MB for 50 routers)`,
        ].join("; "),
        details: {
          ...f,
          addedBytes: added,
          perRouterBytes: perRouter,
          oldWayBytes: oldAdded,
          limitPerRouterBytes: LIMIT_PER_ROUTER,
        },
      };
    } finally {
      db.remove();
    }
  },
};
