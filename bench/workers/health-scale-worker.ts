/**
 * Rampart's side of the health-scale scenario, in its own Node process over its own SQLite database: registers
 * the fleet through the real inventory code, pushes the rule set for real to one router (lib/push), then the
 * simulators copy that router's rows to the other pushed routers and this process records them as pushed the
 * same way; measures the routers alone (the driver's own exchanges, nothing else), then the real sweepAll,
 * the drift check's CPU, the health list, the router page and compaction. Started by
 * bench/scenarios/health-scale.ts with DATABASE_URL set; IPC only.
 */
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import type { RuleSetContent } from "@/lib/rules/schema";

export interface ScaleRouter {
  name: string;
  port: number;
  kind: "ok" | "pushed" | "hanging";
}

export interface HealthScaleSetup {
  type: "setup";
  routers: ScaleRouter[];
  username: string;
  password: string;
  content: RuleSetContent;
  concurrency: number;
  timeoutMs: number;
  intervalMs: number;
  /** The server's default drift interval: a pushed router's firewall is read on a poll at most this often. */
  driftEveryMs: number;
  sweeps: number;
  /** Raw samples seeded per router for the list, page and compaction (one per interval, oldest beyond the raw window). */
  samplesPerRouter: number;
}

export interface SweepFigures {
  index: number;
  startedAt: number;
  durationMs: number;
  concurrency: number;
  states: Record<string, number>;
  drift: Record<string, number>;
  latency: { p50: number; p99: number; max: number };
  degradedErrors: string[];
  /** lastError by its lead ("No answer", "Connection refused"), for a row that failed. */
  errors: Record<string, number>;
  cpuShare: number;
  /** Pushed routers whose firewall this sweep read (driftCheckedAt moved). */
  firewallReads: number;
}

export interface ScaleFigures {
  registerMs: number;
  templatePushMs: number;
  baseline: { durationMs: number; concurrency: number; answered: number; failed: number; cpuShare: number };
  sweeps: SweepFigures[];
  drift: { readCpuMs: number; checkCpuMs: number; previousCheckCpuMs: number; rows: number; state: string };
  list: { ms: number; previousMs: number; rows: number; bytes: number; previousBytes: number; samples: number };
  page: { ms: number; previousMs: number };
  compaction: { totalMs: number; longestBatchMs: number; batches: number; folded: number };
}

export type HealthScaleMessage =
  | { type: "pushed"; templatePort: number; registerMs: number; templatePushMs: number }
  | { type: "sweep"; figures: SweepFigures }
  | { type: "done"; figures: ScaleFigures }
  | { type: "failed"; message: string };

export type HealthScaleControl = HealthScaleSetup | { type: "seeded" };

function send(m: HealthScaleMessage): Promise<void> {
  return new Promise((resolve) => process.send!(m, () => resolve()));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : 0;
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

let seeded: () => void = () => undefined;
const seededNow = new Promise<void>((r) => (seeded = r));

async function main(setup: HealthScaleSetup): Promise<void> {
  const { createRouter } = await import("@/lib/inventory/routers");
  const { createRuleSet, userEditor } = await import("@/lib/rulesets");
  const push = await import("@/lib/push");
  const { whenIdle } = await import("@/lib/push/push-queue");
  const { sweepAll, releaseAfter, MAX_POLLS_IN_FLIGHT } = await import("@/lib/health/sweep");
  const { mapBounded } = await import("@/lib/health/bounded-map");
  const { checkDrift } = await import("@/lib/drift/check-drift");
  const { revisionById } = await import("@/lib/push/revision-content");
  const { storedPlacement } = await import("@/lib/push/schemas");
  const { ruleLabel } = await import("@/lib/rules/describe");
  const { mikrotikDriver } = await import("@/lib/routers/mikrotik");
  const { fleetHealth, routerHealth, latencySeries } = await import("@/lib/health/queries");
  const { recentStateChanges } = await import("@/lib/health/uptime");
  const { compactHealthSamples, RAW_RETENTION_MS } = await import("@/lib/health/retention");
  const { previousFleetRead } = await import("../support/previous-health-queries");
  const { db } = await import("@/lib/db/client");
  const { loadCredentialKey } = await import("@/lib/crypto/credential-key");
  const { seal } = await import("@/lib/crypto/secret-box");

  const t0 = performance.now();
  const actor = { type: "system" as const, id: null, label: "bench" };
  const ids = new Map<string, string>();
  const input = (r: ScaleRouter) => ({
    name: r.name,
    vendor: "mikrotik" as const,
    host: "127.0.0.1",
    port: r.port,
    transport: "api" as const,
    username: setup.username,
    password: setup.password,
    site: `site-${r.port % 20}`,
    tags: [],
    notes: "",
    tlsMode: "verify" as const,
  });
  // The first through lib/inventory itself; the rest as the same three rows it writes (router, sealed credential,
  // status), a few hundred per statement: one by one, 10,000 took minutes of the run.
  const first = await createRouter(actor, input(setup.routers[0]));
  if (!first.ok) throw new Error(first.message);
  ids.set(setup.routers[0].name, first.id);
  const key = loadCredentialKey();
  for (let i = 1; i < setup.routers.length; i += 500) {
    const chunk = setup.routers.slice(i, i + 500).map((r) => ({ r, id: randomUUID() }));
    await db.router.createMany({
      data: chunk.map(({ r, id }) => ({
        id,
        name: r.name,
        vendor: "mikrotik",
        host: "127.0.0.1",
        port: r.port,
        transport: "api",
        username: setup.username,
        site: `site-${r.port % 20}`,
        tags: "[]",
        notes: "",
        tlsMode: "verify",
      })),
    });
    await db.routerCredential.createMany({
      data: chunk.map(({ id }) => {
        const s = seal(key, setup.password, id);
        return {
          routerId: id,
          kind: "password",
          keyId: s.keyId,
          iv: s.iv,
          ciphertext: s.ciphertext,
          authTag: s.authTag,
        };
      }),
    });
    await db.routerStatus.createMany({ data: chunk.map(({ id }) => ({ routerId: id, state: "unknown" })) });
    for (const { r, id } of chunk) ids.set(r.name, id);
  }
  const registerMs = performance.now() - t0;

  // One real push: preview, startPush, the queue, verify; its result is the template for the other pushed routers.
  const pushed = setup.routers.filter((r) => r.kind === "pushed");
  const template = pushed[0];
  const templateId = ids.get(template.name)!;
  const user = await db.user.create({ data: { username: "bench", passwordHash: "x", role: "admin" } });
  const who = {
    actor: { type: "user" as const, id: user.id, label: "bench" },
    userId: user.id,
    role: "admin" as const,
  };
  const set = await createRuleSet(userEditor({ id: user.id, username: "bench" }), {
    name: "scale",
    description: "",
    content: setup.content,
  });
  if (!set.ok) throw new Error(set.message);
  const tp = performance.now();
  if (!(await push.assignRuleSet({ ...who.actor, userId: user.id }, templateId, set.id)).ok)
    throw new Error("assign failed");
  const preview = await push.previewPush(who.actor, templateId, set.id);
  if (!preview.ok) throw new Error(preview.refusal.message);
  const started = await push.startPush(
    who,
    set.id,
    push.pushRequestSchema.parse({ routers: [templateId], previewIds: [preview.preview.id] }),
  );
  if (!started.ok) throw new Error(started.message);
  await whenIdle();
  const dep = await db.deployment.findFirstOrThrow({ where: { batchId: started.batchId } });
  if (dep.status !== "done") throw new Error(`template push ${dep.status}: ${dep.error}`);
  const templatePushMs = performance.now() - tp;
  await send({ type: "pushed", templatePort: template.port, registerMs, templatePushMs });
  await seededNow;
  // The other pushed routers now hold exactly the template's rows: recorded as a verified push of the same revision leaves them.
  const st = await db.routerStatus.findUniqueOrThrow({ where: { routerId: templateId } });
  const others = pushed.slice(1).map((r) => ids.get(r.name)!);
  for (let i = 0; i < others.length; i += 500) {
    const chunk = others.slice(i, i + 500);
    const data = {
      lastPushedRevisionId: st.lastPushedRevisionId,
      lastPushedPlacement: st.lastPushedPlacement,
      driftState: "in-sync",
    };
    const have = new Set(
      (await db.routerStatus.findMany({ where: { routerId: { in: chunk } }, select: { routerId: true } })).map(
        (x) => x.routerId,
      ),
    );
    await db.routerStatus.updateMany({ where: { routerId: { in: [...have] } }, data });
    await db.routerStatus.createMany({
      data: chunk.filter((id) => !have.has(id)).map((routerId) => ({ routerId, state: "unknown", ...data })),
    });
  }

  // The routers alone: the exchanges of a sweep with no firewall due (connect, login, identify, close), same
  // timeouts and polls at once, no database, nothing recorded. The first sweep after the push also reads every
  // pushed router's firewall; it is reported beside, not judged against this.
  const concurrency = setup.concurrency;
  let answered = 0;
  let failed = 0;
  const tb = performance.now();
  const cb = process.cpuUsage();
  const logins: number[] = [];
  await mapBounded(
    setup.routers,
    concurrency,
    async (r, place) => {
      const t = performance.now();
      const target = {
        vendor: "mikrotik" as const,
        host: "127.0.0.1",
        port: r.port,
        transport: "api" as const,
        username: setup.username,
        password: setup.password,
        connectTimeoutMs: setup.timeoutMs,
        commandTimeoutMs: setup.timeoutMs,
      };
      try {
        const s = await mikrotikDriver.connect(target);
        place.keep();
        logins.push(performance.now() - t);
        if (logins.length > 64) logins.shift();
        try {
          await s.identify();
          answered++;
        } finally {
          await s.close().catch(() => undefined);
        }
      } catch {
        failed++;
      }
    },
    { releaseAfterMs: () => releaseAfter(logins, setup.timeoutMs), maxInFlight: MAX_POLLS_IN_FLIGHT },
  );
  const baselineMs = performance.now() - tb;
  const baseline = {
    durationMs: baselineMs,
    concurrency,
    answered,
    failed,
    cpuShare: cpuMs(process.cpuUsage(cb)) / baselineMs,
  };

  const sweeps: SweepFigures[] = [];
  for (let i = 1; i <= setup.sweeps; i++) {
    const startedAt = Date.now();
    const c0 = process.cpuUsage();
    const s = await sweepAll({
      concurrency: setup.concurrency,
      timeoutMs: setup.timeoutMs,
      driftEveryMs: setup.driftEveryMs,
    });
    const cpuShare = cpuMs(process.cpuUsage(c0)) / s.durationMs;
    const statuses = await db.routerStatus.findMany({
      select: { state: true, driftState: true, latencyMs: true, lastError: true, driftCheckedAt: true },
    });
    const firewallReads = statuses.filter((x) => x.driftCheckedAt && x.driftCheckedAt.getTime() >= startedAt).length;
    const states: Record<string, number> = {};
    const drift: Record<string, number> = {};
    const lat: number[] = [];
    const degradedErrors: string[] = [];
    const errors: Record<string, number> = {};
    for (const x of statuses) {
      if (x.lastError)
        errors[x.lastError.replace(/\d+/g, "N").slice(0, 90)] =
          (errors[x.lastError.replace(/\d+/g, "N").slice(0, 90)] ?? 0) + 1;
      states[x.state] = (states[x.state] ?? 0) + 1;
      drift[x.driftState] = (drift[x.driftState] ?? 0) + 1;
      if (x.latencyMs != null) lat.push(x.latencyMs);
      if (x.state === "degraded" && degradedErrors.length < 5) degradedErrors.push(x.lastError ?? "");
    }
    const figures: SweepFigures = {
      index: i,
      startedAt,
      durationMs: s.durationMs,
      concurrency: s.concurrency,
      states,
      drift,
      latency: { p50: pct(lat, 50), p99: pct(lat, 99), max: Math.max(0, ...lat) },
      degradedErrors,
      errors,
      cpuShare,
      firewallReads,
    };
    sweeps.push(figures);
    await send({ type: "sweep", figures });
  }

  // An unchanged pushed router's drift check, on its own session, after the sweeps (its state is in sync).
  const probeRouter = pushed[Math.min(1, pushed.length - 1)];
  const probeId = ids.get(probeRouter.name)!;
  const session = await mikrotikDriver.connect({
    vendor: "mikrotik",
    host: "127.0.0.1",
    port: probeRouter.port,
    transport: "api",
    username: setup.username,
    password: setup.password,
  });
  const reads: number[] = [];
  let live = await session.readFirewall();
  for (let i = 0; i < 5; i++) {
    const c = process.cpuUsage();
    live = await session.readFirewall();
    reads.push(cpuMs(process.cpuUsage(c)));
  }
  const checks: number[] = [];
  let state = "";
  for (let i = 0; i < 20; i++) {
    const c = process.cpuUsage();
    state = (await checkDrift(probeId, session, live)).state;
    checks.push(cpuMs(process.cpuUsage(c)));
  }
  // What the check did before: read and parse the revision, compile it, compare (every poll, no cache).
  const previous: number[] = [];
  const status = await db.routerStatus.findUniqueOrThrow({ where: { routerId: probeId } });
  const planner = mikrotikDriver.planner!;
  for (let i = 0; i < 5; i++) {
    const c = process.cpuUsage();
    const rev = (await revisionById(status.lastPushedRevisionId!))!;
    const compiled = planner.compile(rev.content, live);
    if (compiled.ok)
      planner
        .compare(live, compiled.desired, { placement: storedPlacement(status.lastPushedPlacement) })
        .map((x) => ({ ...x, rule: x.ruleId ? ruleLabel(rev.content.rules, x.ruleId) : null }));
    previous.push(cpuMs(process.cpuUsage(c)));
  }
  await session.close();
  const drift = {
    readCpuMs: median(reads),
    checkCpuMs: median(checks),
    previousCheckCpuMs: median(previous),
    rows: live.items.length,
    state,
  };

  // The raw window as a server that has polled for a while holds it: one sample per interval per router.
  const samples = await seedSamples(db, [...ids.values()], setup.samplesPerRouter, setup.intervalMs);
  const lists: number[] = [];
  let page = await fleetHealth();
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    page = await fleetHealth();
    JSON.stringify(page);
    lists.push(performance.now() - t);
  }
  const bytes = JSON.stringify(page).length;
  const tprev = performance.now();
  const previousBytes = await previousFleetRead();
  const previousListMs = performance.now() - tprev;
  const pageOnce = async (previous: boolean) => {
    const t = performance.now();
    const id = probeId;
    await Promise.all([
      previous ? previousFleetRead() : routerHealth(id),
      latencySeries(id, "hour"),
      latencySeries(id, "day"),
      recentStateChanges(id),
    ]);
    return performance.now() - t;
  };
  const pages: number[] = [];
  for (let i = 0; i < 5; i++) pages.push(await pageOnce(false));
  const previousPageMs = await pageOnce(true);

  const tc = performance.now();
  const compaction = await compactHealthSamples(Date.now());
  const compactionFigures = {
    totalMs: performance.now() - tc,
    longestBatchMs: compaction.longestBatchMs,
    batches: compaction.batches,
    folded: compaction.folded,
  };
  void RAW_RETENTION_MS;

  await send({
    type: "done",
    figures: {
      registerMs,
      templatePushMs,
      baseline,
      sweeps,
      drift,
      list: { ms: median(lists), previousMs: previousListMs, rows: page.routers.length, bytes, previousBytes, samples },
      page: { ms: median(pages), previousMs: previousPageMs },
      compaction: compactionFigures,
    },
  });
  await db.$disconnect();
}

type Sqlite = new (file: string) => {
  exec(sql: string): void;
  prepare(sql: string): { run(...a: unknown[]): void; get(...a: unknown[]): unknown };
  transaction<F extends (...a: never[]) => void>(fn: F): F;
  close(): void;
};

/**
 * Samples written straight into the database file (better-sqlite3, in the format Prisma wrote the sweeps' own):
 * through Prisma, millions of rows would take minutes of the run. Returns how many rows the table holds.
 */
/** State changes seeded per router for the list's uptime (health-list row). */
const STATE_CHANGES_PER_ROUTER = 20;

async function seedSamples(
  db: typeof import("@/lib/db/client").db,
  routerIds: string[],
  perRouter: number,
  intervalMs: number,
): Promise<number> {
  const file = process.env.DATABASE_URL!.replace(/^file:/, "");
  const Database = createRequire(path.join(process.cwd(), "package.json"))("better-sqlite3") as Sqlite;
  const sqlite = new Database(file);
  try {
    sqlite.exec("PRAGMA busy_timeout = 10000");
    const one = sqlite.prepare(`SELECT typeof("at") AS t, "at" AS v FROM "HealthSample" LIMIT 1`).get() as {
      t: string;
      v: string | number;
    };
    const fmt = (d: Date): string | number =>
      one.t === "integer"
        ? d.getTime()
        : typeof one.v === "string" && one.v.endsWith("+00:00")
          ? d.toISOString().replace("Z", "+00:00")
          : d.toISOString();
    const ins = sqlite.prepare(
      `INSERT INTO "HealthSample" ("routerId", "at", "state", "latencyMs", "cpuLoad", "error") VALUES (?, ?, 'up', ?, 5, NULL)`,
    );
    // A flapping month: STATE_CHANGES_PER_ROUTER changes (down and back) spread over 30 days, which the list's
    // uptime reads for its page of routers.
    const change = sqlite.prepare(
      `INSERT INTO "RouterStateChange" ("routerId", "at", "fromState", "toState", "error") VALUES (?, ?, ?, ?, NULL)`,
    );
    const now = Date.now();
    const batch = sqlite.transaction((ids: string[]) => {
      for (const id of ids) {
        for (let k = perRouter; k >= 1; k--) ins.run(id, fmt(new Date(now - k * intervalMs - 1000)), 2 + (k % 7));
        for (let c = 0; c < STATE_CHANGES_PER_ROUTER; c++) {
          const at = new Date(now - 30 * 86400_000 + ((c + 0.5) * 30 * 86400_000) / (STATE_CHANGES_PER_ROUTER + 1));
          const from = c === 0 ? "unknown" : c % 2 === 1 ? "up" : "down";
          change.run(id, fmt(at), from, c % 2 === 0 ? "up" : "down");
        }
      }
    });
    for (let i = 0; i < routerIds.length; i += 200) batch(routerIds.slice(i, i + 200) as never);
  } finally {
    sqlite.close();
  }
  return db.healthSample.count();
}

process.on("message", (m: HealthScaleControl) => {
  if (m.type === "seeded") return seeded();
  main(m).then(
    () => process.exit(0),
    (e: unknown) =>
      void send({ type: "failed", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }).then(() =>
        process.exit(1),
      ),
  );
});
