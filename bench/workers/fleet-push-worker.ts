/**
 * The fleet-push scenario's Rampart: lib/push itself (preview, startPush, the in-process queue at its default
 * concurrency, runDeployment with revert timer, read-back over a new connection, disarm) over its own SQLite
 * database, in its own Node process. Started by bench/scenarios/fleet-push.ts with DATABASE_URL set; IPC only.
 */
import type { RuleSetContent } from "@/lib/rules/schema";

export interface FleetPushSetup {
  type: "setup";
  /** Proxy ports; the first is the lone router, the rest the fleet. */
  ports: number[];
  username: string;
  password: string;
  content: RuleSetContent;
  /** The push page's pace (lib/push/preview-pace.ts): requests at once, routers per request. */
  previewRequests: number;
  previewBatch: number;
}

export interface PushFigures {
  routers: number;
  previewMs: number;
  /** startPush until the batch is no longer running (what the UI's progress shows). */
  pushMs: number;
  perRouterMs: number[];
  statuses: Record<string, number>;
  errors: string[];
  /** CPU the pushing process used during the push, as a share of one core (near 1 = CPU-bound here). */
  pushCpuShare: number;
  /** CPU time the pushing process used for the previews and for the push (ms): far less sensitive to other load than wall time. */
  previewCpuMs: number;
  pushCpuMs: number;
  /** Median time spent before each logged step, by the step's phase (where a push waits). */
  phaseMedianMs: Record<string, number>;
}

export type FleetPushMessage =
  | { type: "ready"; setupMs: number; concurrency: number }
  | { type: "one"; figures: PushFigures }
  | { type: "fleet"; figures: PushFigures }
  | { type: "failed"; message: string };

function send(m: FleetPushMessage): Promise<void> {
  return new Promise((resolve) => process.send!(m, () => resolve()));
}

async function main(setup: FleetPushSetup): Promise<void> {
  const { createRouter } = await import("@/lib/inventory/routers");
  const { createRuleSet, userEditor } = await import("@/lib/rulesets");
  const push = await import("@/lib/push");
  const { pushConcurrency, whenIdle } = await import("@/lib/push/push-queue");
  const { db } = await import("@/lib/db/client");
  const { previewMany } = await import("@/lib/push/preview-many");
  const t0 = performance.now();
  const user = await db.user.create({ data: { username: "bench", passwordHash: "x", role: "admin" } });
  const who = {
    actor: { type: "user" as const, id: user.id, label: "bench" },
    userId: user.id,
    role: "admin" as const,
  };
  const actor = { type: "system" as const, id: null, label: "bench" };
  const ids: string[] = [];
  for (let i = 0; i < setup.ports.length; i += 25) {
    const made = await Promise.all(
      setup.ports.slice(i, i + 25).map(async (port, k) => {
        const r = await createRouter(actor, {
          name: `fleet-${String(i + k).padStart(4, "0")}`,
          vendor: "mikrotik",
          host: "127.0.0.1",
          port,
          transport: "api",
          username: setup.username,
          password: setup.password,
          site: "bench",
          tags: [],
          notes: "",
          tlsMode: "verify",
        });
        if (!r.ok) throw new Error(r.message);
        return r.id;
      }),
    );
    ids.push(...made);
  }
  const makeSet = async (name: string, routerIds: string[]) => {
    const r = await createRuleSet(userEditor({ id: user.id, username: "bench" }), {
      name,
      description: "",
      content: setup.content,
    });
    if (!r.ok) throw new Error(r.message);
    for (const id of routerIds) {
      const a = await push.assignRuleSet({ ...who.actor, userId: user.id }, id, r.id);
      if (!a.ok) throw new Error(a.message);
    }
    return r.id;
  };
  const [lone, ...fleet] = ids;
  const oneSet = await makeSet("one router", [lone]);
  const fleetSet = await makeSet("fleet", fleet);
  await send({ type: "ready", setupMs: performance.now() - t0, concurrency: pushConcurrency() });

  const run = async (ruleSetId: string, routerIds: string[]): Promise<PushFigures> => {
    // Previews as the push page makes them (components/push/push-panel.tsx): batches of routers, a few
    // requests at once, each batch what POST /previews/batch runs (previewMany: connect + read + plan each).
    const tp = performance.now();
    const previewCpu0 = process.cpuUsage();
    const previewIds: string[] = [];
    const errors: string[] = [];
    const batches: string[][] = [];
    for (let i = 0; i < routerIds.length; i += setup.previewBatch)
      batches.push(routerIds.slice(i, i + setup.previewBatch));
    await Promise.all(
      Array.from({ length: Math.min(setup.previewRequests, batches.length) }, async () => {
        for (let batch = batches.shift(); batch; batch = batches.shift()) {
          for (const p of await previewMany(who.actor, ruleSetId, batch)) {
            if (p.ok) previewIds.push(p.preview.id);
            else errors.push(`preview: ${p.refusal.message}`);
          }
        }
      }),
    );
    const previewMs = performance.now() - tp;
    const previewCpu = process.cpuUsage(previewCpu0);
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const started = await push.startPush(who, ruleSetId, push.pushRequestSchema.parse({ routers: "all", previewIds }));
    if (!started.ok)
      throw new Error(
        `startPush: ${started.message}${errors.length ? ` (${errors.length} of ${routerIds.length} previews failed: ${[...new Set(errors)].slice(0, 3).join(" | ")})` : ""}`,
      );
    // A person watching the push page loads the whole batch view once a second
    // (components/push/batch-progress.tsx), so that load runs too, at that pace.
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        await push.getBatch(started.batchId);
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    // The queue says when its last deployment (and the batch bookkeeping after it) is over; polling the batch
    // row instead would spend the pushing process's CPU on the measurement. The row confirms it.
    await whenIdle();
    for (;;) {
      const b = await db.pushBatch.findUnique({ where: { id: started.batchId }, select: { state: true } });
      if (b && b.state !== "running") break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const pushMs = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    watching = false;
    await watcher;
    const pushCpuShare = (cpu.user + cpu.system) / 1000 / pushMs;
    const deployments = await db.deployment.findMany({ where: { batchId: started.batchId } });
    const statuses: Record<string, number> = {};
    for (const d of deployments) {
      statuses[d.status] = (statuses[d.status] ?? 0) + 1;
      if (d.status !== "done" && errors.length < 5) errors.push(`${d.status}: ${d.error}`);
    }
    const steps = await db.deploymentStep.findMany({
      where: { deployment: { batchId: started.batchId } },
      orderBy: [{ deploymentId: "asc" }, { seq: "asc" }],
    });
    const gaps: Record<string, number[]> = {};
    const startedAt = new Map(deployments.map((d) => [d.id, d.startedAt?.getTime() ?? 0]));
    let prev: { id: string; at: number } | null = null;
    for (const st of steps) {
      const from = prev && prev.id === st.deploymentId ? prev.at : startedAt.get(st.deploymentId)!;
      (gaps[st.phase] ??= []).push(st.at.getTime() - from);
      prev = { id: st.deploymentId, at: st.at.getTime() };
    }
    const phaseMedianMs = Object.fromEntries(
      Object.entries(gaps).map(([k, v]) => [k, v.sort((a, b) => a - b)[Math.floor(v.length / 2)]]),
    );
    return {
      phaseMedianMs,
      routers: routerIds.length,
      previewMs,
      pushMs,
      perRouterMs: deployments.map((d) => d.durationMs ?? 0),
      statuses,
      errors,
      pushCpuShare,
      previewCpuMs: (previewCpu.user + previewCpu.system) / 1000,
      pushCpuMs: (cpu.user + cpu.system) / 1000,
    };
  };
  await send({ type: "one", figures: await run(oneSet, [lone]) });
  await send({ type: "fleet", figures: await run(fleetSet, fleet) });
  await db.$disconnect();
}

process.once("message", (m: FleetPushSetup) => {
  main(m).then(
    () => process.exit(0),
    (e: unknown) =>
      void send({ type: "failed", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }).then(() =>
        process.exit(1),
      ),
  );
});
