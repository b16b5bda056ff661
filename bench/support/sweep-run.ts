import { fork } from "node:child_process";
import path from "node:path";
import type { BenchContext } from "../types";
import type { SweepWorkerMessage, SweepWorkerSetup, WorkerMemory } from "../workers/sweep-worker";
import { startRouterOsFleet, type FleetRouter } from "./routeros-fleet";
import { PEER_PASSWORD } from "./routeros-target";
import { createTempDb } from "./temp-db";
import { workerExecArgv } from "./worker-exec-argv";

export interface SweepFigures {
  index: number;
  durationMs: number;
  routers: number;
  states: Record<string, number>;
  errors: Record<string, number>;
  memory: WorkerMemory;
  /** Accept-to-close time of each connection a hanging router received during this sweep. */
  hungHoldMs: number[];
  /** The same for answering routers. */
  okHoldMs: number[];
}

export interface SweepRun {
  routers: FleetRouter[];
  concurrency: number;
  timeoutMs: number;
  setupMs: number;
  idle: WorkerMemory;
  sweeps: SweepFigures[];
}

let cached: { key: string; run: Promise<SweepRun> } | null = null;

/**
 * One fleet, one poller process, `sweeps` sweeps back to back: the health-sweep scenario reads the first sweep,
 * the memory scenario all of them. Run once per bench run whichever scenario asks first.
 */
export function runSweepFleet(ctx: BenchContext): Promise<SweepRun> {
  const s = ctx.sizes;
  const key = JSON.stringify([s.sweepRouters, s.memorySweeps, s.pollConcurrency, s.pollTimeoutMs]);
  if (!cached || cached.key !== key) cached = { key, run: sweepFleet(ctx) };
  return cached.run;
}

async function sweepFleet(ctx: BenchContext): Promise<SweepRun> {
  const { sweepRouters, memorySweeps, pollConcurrency, pollTimeoutMs } = ctx.sizes;
  ctx.log(`health: starting ${sweepRouters} routers (10% hanging, 10% refusing), each its own socket and state`);
  const fleet = await startRouterOsFleet(sweepRouters, { hanging: 0.1, refusing: 0.1 });
  const db = createTempDb("sweep");
  const kindOfPort = new Map(fleet.routers.map((r) => [r.port, r.kind]));
  try {
    const child = fork(path.join(process.cwd(), "bench/workers/sweep-worker.ts"), [], {
      execArgv: workerExecArgv(["--expose-gc"]),
      env: db.env,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr!.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
    child.stdout!.resume();
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));

    const windows: [number, number][] = [];
    const result: SweepRun = {
      routers: fleet.routers,
      concurrency: pollConcurrency,
      timeoutMs: pollTimeoutMs,
      setupMs: 0,
      idle: { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 },
      sweeps: [],
    };
    const done = new Promise<void>((resolve, reject) => {
      child.on("message", (m: SweepWorkerMessage) => {
        if (m.type === "ready") {
          result.setupMs = m.setupMs;
          result.idle = m.idle;
          ctx.log(
            `health: ${m.routers} routers registered in ${(m.setupMs / 1000).toFixed(1)} s; sweeping ${memorySweeps}×`,
          );
        } else if (m.type === "sweep") {
          windows.push([m.startedAt, m.startedAt + m.durationMs]);
          result.sweeps.push({
            index: m.index,
            durationMs: m.durationMs,
            routers: m.routers,
            states: m.states,
            errors: m.errors,
            memory: m.memory,
            hungHoldMs: [],
            okHoldMs: [],
          });
          ctx.log(
            `health: sweep ${m.index} ${(m.durationMs / 1000).toFixed(1)} s, RSS ${(m.memory.rss / 1048576).toFixed(0)} MB, ${JSON.stringify(m.states)}`,
          );
        } else if (m.type === "failed") reject(new Error(`sweep worker failed: ${m.message}`));
      });
      void exited.then((code) =>
        code === 0 ? resolve() : reject(new Error(`sweep worker exited with ${code}: ${stderr.slice(-1500)}`)),
      );
    });
    const setup: SweepWorkerSetup = {
      type: "setup",
      routers: fleet.routers,
      password: PEER_PASSWORD,
      sweeps: memorySweeps,
      concurrency: pollConcurrency,
      timeoutMs: pollTimeoutMs,
    };
    child.send(setup);
    await done;
    // Hold times once every close has been seen: a connection belongs to the sweep during which it was accepted.
    await new Promise((r) => setTimeout(r, 200));
    result.sweeps.forEach((sw, i) => {
      const [from, to] = windows[i];
      const hold = (kind: string) =>
        fleet
          .connections()
          .filter(
            (c) =>
              c.acceptedAt >= from - 5 && c.acceptedAt <= to && kindOfPort.get(c.port) === kind && c.closedAt !== null,
          )
          .map((c) => c.closedAt! - c.acceptedAt);
      sw.hungHoldMs = hold("hanging");
      sw.okHoldMs = hold("ok");
    });
    return result;
  } finally {
    await fleet.close();
    db.remove();
  }
}
