import path from "node:path";
import { pathToFileURL } from "node:url";
import * as threads from "node:worker_threads";
import { serverEnv } from "../env";
import type { Tasks } from "./tasks";

/**
 * Heavy work (analysing or reading a large rule set) runs on worker threads so one request cannot stall every
 * other request on the event loop. A small pool, started on first use; a worker idle for IDLE_MS exits, and
 * with it the memory a large job left in its heap. A new worker warms itself up between jobs (./warm-up.ts).
 * Paths are found from the working directory at run time (the project root under scripts/serve.ts,
 * `next start` and vitest), so Next's bundler leaves them alone.
 */

const IDLE_MS = serverEnv().RAMPART_WORKER_IDLE_MS;
const SIZE = serverEnv().RAMPART_WORKERS;

/**
 * The constructor looked up by name: Turbopack treats `new Worker(path)` as a worker to bundle and then fails
 * on tsx's esbuild binary; the worker must run the file from disk as it is.
 */
const WorkerThread: typeof threads.Worker = Reflect.get(threads, "Worker");
type Worker = InstanceType<typeof threads.Worker>;

/**
 * The young generation the server's flags give every thread (--max-semi-space-size=64 in
 * scripts/server-node-options: three semi-spaces), stated here so a worker has it however the process was
 * started (next start, vitest, the bench). Analysing a large crowded rule set makes hundreds of thousands of
 * short-lived pieces, which V8's default young generation collects several times as often.
 */
const YOUNG_GENERATION_MB = 3 * 64;

type TaskName = keyof Tasks;
type Job = { id: number; name: TaskName; input: unknown; resolve: (v: unknown) => void; reject: (e: Error) => void };
/** From worker-entry.mjs: started, done warming up, or a job's answer. */
type Reply = { ready?: true; warm?: true; id?: number; ok?: boolean; output?: unknown; message?: string };
type Slot = { worker: Worker; ready: Promise<void>; warm: Promise<void>; job: Job | null; idle: NodeJS.Timeout | null };

const slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 1;

export function runOffThread<N extends TaskName>(
  name: N,
  input: Parameters<Tasks[N]>[0],
): Promise<Awaited<ReturnType<Tasks[N]>>> {
  return new Promise((resolve, reject) => {
    queue.push({ id: nextId++, name, input, resolve: resolve as (v: unknown) => void, reject });
    dispatch();
  });
}

/**
 * Settles once every worker now alive has finished its warm-up (./warm-up.ts: a new worker analyses a few small
 * rule sets between jobs, so its first large analysis does not pay for V8's compilation). For the bench, which
 * measures a started worker as the server keeps one.
 */
export function warmedUp(): Promise<void> {
  // An idle worker does not keep the process alive; one still warming up does while someone waits for it.
  return Promise.all(
    slots.map((s) => {
      s.worker.ref();
      return s.warm.then(() => {
        if (s.job === null) s.worker.unref();
      });
    }),
  ).then(() => undefined);
}

/** Workers currently alive (for tests). */
export function workerCount(): number {
  return slots.length;
}

function dispatch(): void {
  while (queue.length) {
    let slot = slots.find((s) => s.job === null);
    if (!slot) {
      if (slots.length >= SIZE) return;
      slot = startWorker();
    }
    const job = queue.shift()!;
    slot.job = job;
    // A pending job keeps the process alive; an idle worker does not.
    slot.worker.ref();
    if (slot.idle) {
      clearTimeout(slot.idle);
      slot.idle = null;
    }
    const s = slot;
    void s.ready.then(
      () => s.worker.postMessage({ id: job.id, name: job.name, input: job.input }),
      (err: Error) => finish(s, err),
    );
  }
}

function startWorker(): Slot {
  const root = process.cwd();
  const entry = path.join(root, "lib", "workers", "worker-entry.mjs");
  const worker = new WorkerThread(entry, {
    // Not the parent's flags: a test runner's loaders must not load the tasks a second way.
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    workerData: {
      tsconfig: path.join(root, "tsconfig.json"),
      tasksUrl: pathToFileURL(path.join(root, "lib", "workers", "tasks.ts")).href,
    },
  });
  let markReady!: () => void;
  let markFailed!: (e: Error) => void;
  let markWarm!: () => void;
  const slot: Slot = {
    worker,
    job: null,
    idle: null,
    ready: new Promise<void>((res, rej) => ((markReady = res), (markFailed = rej))),
    // Settled on exit too: nothing waits for a worker that is gone.
    warm: new Promise<void>((res) => (markWarm = res)),
  };
  slot.ready.catch(() => {});
  worker.on("message", (m: Reply) => {
    if (m.ready) return markReady();
    if (m.warm) return markWarm();
    const job = slot.job;
    if (!job || job.id !== m.id) return;
    slot.job = null;
    if (m.ok) job.resolve(m.output);
    else job.reject(new Error(m.message));
    worker.unref();
    slot.idle = setTimeout(() => retire(slot), IDLE_MS);
    slot.idle.unref();
    dispatch();
  });
  worker.on("error", (err) => {
    markFailed(err);
    finish(slot, err);
  });
  worker.on("exit", (code) => {
    markWarm();
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    if (slot.job) finish(slot, new Error(`worker thread exited (code ${code}) during ${slot.job.name}`));
    dispatch();
  });
  slots.push(slot);
  return slot;
}

/** Out of the pool first, then stopped: a job dispatched while it shuts down would be lost with it. */
function retire(slot: Slot): void {
  const i = slots.indexOf(slot);
  if (i >= 0) slots.splice(i, 1);
  void slot.worker.terminate();
}

function finish(slot: Slot, err: Error): void {
  const job = slot.job;
  slot.job = null;
  job?.reject(err);
}
