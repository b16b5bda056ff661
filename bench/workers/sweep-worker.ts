/**
 * The poller process of the sweep and memory scenarios: the real sweepAll over its own SQLite database, in its
 * own Node process so its memory is its own. Started by bench/support/sweep-run.ts with `--expose-gc` and the
 * database in DATABASE_URL; talks over the IPC channel.
 */
import type { FleetRouter } from "../support/routeros-fleet";

export interface SweepWorkerSetup {
  type: "setup";
  routers: FleetRouter[];
  password: string;
  sweeps: number;
  concurrency: number;
  timeoutMs: number;
}

export interface WorkerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

export type SweepWorkerMessage =
  | { type: "ready"; routers: number; setupMs: number; idle: WorkerMemory }
  | {
      type: "sweep";
      index: number;
      startedAt: number;
      durationMs: number;
      routers: number;
      states: Record<string, number>;
      errors: Record<string, number>;
      memory: WorkerMemory;
    }
  | { type: "failed"; message: string };

function memory(): WorkerMemory {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
}

function send(m: SweepWorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(m, () => resolve()));
}

async function main(setup: SweepWorkerSetup): Promise<void> {
  const { createRouter } = await import("@/lib/inventory/routers");
  const { sweepAll } = await import("@/lib/health/sweep");
  const { db } = await import("@/lib/db/client");
  const actor = { type: "system" as const, id: null, label: "bench" };
  const t0 = performance.now();
  // Registered through the real inventory code, a few at a time (SQLite serialises the writes anyway).
  const add = async (r: FleetRouter) => {
    const created = await createRouter(actor, {
      name: r.name,
      vendor: "mikrotik",
      host: "127.0.0.1",
      port: r.port,
      transport: "api",
      username: "admin",
      password: setup.password,
      site: "bench",
      tags: [],
      notes: "",
      tlsMode: "verify",
    });
    if (!created.ok) throw new Error(created.message);
  };
  for (let i = 0; i < setup.routers.length; i += 25) await Promise.all(setup.routers.slice(i, i + 25).map(add));
  const setupMs = performance.now() - t0;
  // Idle: everything loaded and connected, nothing polled yet; a short pause lets start-up garbage settle.
  await new Promise((r) => setTimeout(r, 500));
  await send({ type: "ready", routers: setup.routers.length, setupMs, idle: memory() });

  for (let i = 1; i <= setup.sweeps; i++) {
    const startedAt = Date.now();
    const s = await sweepAll({ concurrency: setup.concurrency, timeoutMs: setup.timeoutMs });
    const statuses = await db.routerStatus.findMany({ select: { state: true, lastError: true } });
    const states: Record<string, number> = {};
    const errors: Record<string, number> = {};
    for (const st of statuses) {
      states[st.state] = (states[st.state] ?? 0) + 1;
      if (st.lastError) {
        const lead = st.lastError.split(":")[0];
        errors[lead] = (errors[lead] ?? 0) + 1;
      }
    }
    await send({
      type: "sweep",
      index: i,
      startedAt,
      durationMs: s.durationMs,
      routers: s.routers,
      states,
      errors,
      memory: memory(),
    });
  }
  await db.$disconnect();
}

process.once("message", (m: SweepWorkerSetup) => {
  main(m).then(
    () => process.exit(0),
    (e: unknown) =>
      void send({ type: "failed", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }).then(() =>
        process.exit(1),
      ),
  );
});
