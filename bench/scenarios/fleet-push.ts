import { fork } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { CONNECTION_PRAGMAS } from "@/lib/db/sqlite-adapter";
import { int, ms, times } from "../support/format";
import { startPeerHosts } from "../support/peer-host";
import { routerOsPlanner } from "../support/plan-fixture";
import { benchRuleSet } from "../support/rule-sets";
import { PEER_PASSWORD, PEER_USER } from "../support/routeros-target";
import { createTempDb } from "../support/temp-db";
import { serverNodeFlags, workerExecArgv } from "../support/worker-exec-argv";
import { notAvailable, type BenchSizes, type Scenario } from "../types";
import { PREVIEW_BATCH_SIZE, PREVIEW_REQUESTS_AT_ONCE } from "@/lib/push/preview-pace";
import type { FleetPushMessage, FleetPushSetup, PushFigures } from "../workers/fleet-push-worker";

/** Simulator processes for the fleet: the routers and their proxies must not be the bottleneck on their own. */
const PEER_PROCESSES = 4;

type Sqlite = new (file: string) => {
  exec(sql: string): void;
  prepare(sql: string): { run(...a: unknown[]): void };
  close(): void;
};

/**
 * What one small committed write costs on this disk with Rampart's connection settings (lib/db/sqlite-adapter:
 * WAL, synchronous NORMAL), the way lib/db's better-sqlite3 does it: synchronously, on the event loop.
 */
function sqliteWriteMs(dir: string): number {
  const Database = createRequire(path.join(process.cwd(), "package.json"))("better-sqlite3") as Sqlite;
  const file = path.join(dir, "write-probe.db");
  const probe = new Database(file);
  try {
    probe.exec(CONNECTION_PRAGMAS);
    probe.exec("create table t (id integer primary key, v text)");
    const ins = probe.prepare("insert into t (v) values (?)");
    const t = performance.now();
    for (let i = 0; i < 50; i++) ins.run("x".repeat(200));
    return (performance.now() - t) / 50;
  } finally {
    probe.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}

/**
 * The real thing: lib/push in its own process (temp SQLite DB) pushes one rule set to 1 router, then to the
 * fleet, exactly as the push page does: previews first, then startPush, and the in-process queue runs every
 * deployment (connect, read, check, arm the revert timer, pipelined apply, read back over a new connection,
 * disarm) at its default concurrency. The routers are RouterOS peers spread over several child processes.
 */
export const fleetPush = fleetPushScenario("fleet-push", (s) => s.fleetRouters, 10);
export const fleetPushLarge = fleetPushScenario("fleet-push-large", (s) => s.fleetRoutersLarge, 20);

/** One row: `routers(sizes)` routers vs 1, previews (at the push page's pace) and push together, ≤ `limit`×. */
function fleetPushScenario(id: string, routers: (s: BenchSizes) => number, limit: number): Scenario {
  return {
    id,
    title: (s) =>
      `preview and push one rule set (${int(s.fleetRules)} rules) to ${int(routers(s))} routers at ${s.rttMs} ms RTT`,
    baseline: () => "1 router, previewed and pushed the same way",
    target: () => `previews + push ≤ ${limit}× one router's`,
    async run(ctx) {
      if (!routerOsPlanner()) return notAvailable("the RouterOS driver has no planner");
      const { fleetRules: n, rttMs } = ctx.sizes;
      const count = routers(ctx.sizes);
      const processes = Math.min(PEER_PROCESSES, count + 1);
      ctx.log(`fleet: starting ${count + 1} routers behind their own proxies in ${processes} child processes`);
      const host = await startPeerHosts(count + 1, rttMs / 2, processes);
      const db = createTempDb("fleet");
      try {
        const env = { ...db.env };
        delete env.RAMPART_PUSH_CONCURRENCY; // lib/push's own default, as the server runs it
        const child = fork(path.join(process.cwd(), "bench/workers/fleet-push-worker.ts"), [], {
          execArgv: workerExecArgv(serverNodeFlags()),
          env,
          stdio: ["ignore", "pipe", "pipe", "ipc"],
        });
        let stderr = "";
        child.stderr!.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
        child.stdout!.resume();
        const setup: FleetPushSetup = {
          type: "setup",
          ports: host.ports,
          username: PEER_USER,
          password: PEER_PASSWORD,
          content: benchRuleSet(n),
          previewRequests: PREVIEW_REQUESTS_AT_ONCE,
          previewBatch: PREVIEW_BATCH_SIZE,
        };
        let concurrency = 0;
        let one: PushFigures | null = null;
        let fleet: PushFigures | null = null;
        // The simulators' CPU from the moment the one router is done: what the fleet's routers cost this machine.
        let simCpuAtOne: Promise<number> | null = null;
        await new Promise<void>((resolve, reject) => {
          child.on("message", (m: FleetPushMessage) => {
            if (m.type === "ready") {
              concurrency = m.concurrency;
              ctx.log(
                `fleet: ${count + 1} routers registered in ${(m.setupMs / 1000).toFixed(1)} s; lib/push concurrency ${m.concurrency}; one router first`,
              );
            } else if (m.type === "one") {
              one = m.figures;
              simCpuAtOne = host.cpuMs();
              ctx.log(
                `fleet: one router: push ${ms(m.figures.pushMs)} (preview ${ms(m.figures.previewMs)}); now ${count}`,
              );
            } else if (m.type === "fleet") fleet = m.figures;
            else if (m.type === "failed") reject(new Error(`fleet worker: ${m.message}`));
          });
          child.once("exit", (code) =>
            code === 0 ? resolve() : reject(new Error(`fleet worker exited with ${code}: ${stderr.slice(-1500)}`)),
          );
          child.send(setup);
        });
        if (!one || !fleet) throw new Error("fleet worker ended without figures");
        const simCpuMs = (await host.cpuMs()) - (await simCpuAtOne!);
        const writeMs = sqliteWriteMs(db.dir);
        const o = one as PushFigures;
        const f = fleet as PushFigures;
        // Each router holds exactly the rule set afterwards (the revert timer's script and scheduler are gone).
        const rows = await host.rows();
        const complete = rows.every((r) => r === n) && (f.statuses.done ?? 0) === count && (o.statuses.done ?? 0) === 1;
        const ratio = f.pushMs / o.pushMs;
        const withPreview = (f.pushMs + f.previewMs) / (o.pushMs + o.previewMs);
        // The machine's own floor for the fleet: the CPU the simulated routers and the pushing process used, spread
        // over both cores with none idle. A target below it cannot be met here, whatever Rampart does.
        const cpuFloorMs = (simCpuMs + f.previewCpuMs + f.pushCpuMs) / 2;
        const targetMs = limit * (o.pushMs + o.previewMs);
        return {
          measured: `${times(withPreview)} one router (${int(count)} routers ${ms(f.pushMs + f.previewMs)}, 1 router ${ms(o.pushMs + o.previewMs)}); previews ${ms(f.previewMs)} vs ${ms(o.previewMs)}, push alone ${times(ratio)} (${ms(f.pushMs)} vs ${ms(o.pushMs)})`,
          verdict: withPreview <= limit && complete ? "PASS" : "FAIL",
          note: [
            `lib/push end to end in its own process over a temp SQLite DB: previews at the push page's pace (lib/push/preview-pace.ts: ${PREVIEW_REQUESTS_AT_ONCE} requests at once, ${PREVIEW_BATCH_SIZE} routers each, each batch previewMany as POST /previews/batch runs it; HTTP itself not included), then startPush; its queue runs ${concurrency} deployments at once (RAMPART_PUSH_CONCURRENCY default), each connect, read, check, arm revert timer, pipelined apply, read-back over a new connection, disarm; push time = startPush until the batch is done`,
            `routers and their proxies in ${processes} child processes (${Math.ceil((count + 1) / processes)} each); all on this machine's 2 cores with the pushing process`,
            `the pushing process runs with the server's Node flags (${serverNodeFlags().join(" ")}, scripts/server-node-options, as npm start), the simulators with the same young-generation size`,
            `the pushing process used ${(f.pushCpuShare * 100).toFixed(0)}% of a core during the fleet push (1 router: ${(o.pushCpuShare * 100).toFixed(0)}%)`,
            `its CPU time (far less sensitive to other load on the machine than wall time, though contention still raises it): previews ${ms(f.previewCpuMs)}, push ${ms(f.pushCpuMs)}, ${ms((f.previewCpuMs + f.pushCpuMs) / count)} a router (1 router: ${ms(o.previewCpuMs + o.pushCpuMs)})`,
            `the simulated routers used ${ms(simCpuMs)} of CPU for the fleet (${ms(simCpuMs / count)} a router); with the pushing process's, the 2 cores cannot finish the fleet in less than ${ms(cpuFloorMs)} (both busy all the time), ${times(cpuFloorMs / (o.pushMs + o.previewMs))} one router${cpuFloorMs > targetMs ? `: the ${limit}× target (${ms(targetMs)}) is below this machine's floor` : ""}`,
            `one committed SQLite write on this disk takes ${writeMs.toFixed(2)} ms with Rampart's settings (WAL, synchronous NORMAL; measured after the push; lib/db writes synchronously on the pushing process's event loop)`,
            `median time before each step, fleet ${JSON.stringify(f.phaseMedianMs)} vs 1 router ${JSON.stringify(o.phaseMedianMs)} (ms)`,
            `per-router push ${ms(Math.min(...f.perRouterMs))}–${ms(Math.max(...f.perRouterMs))}; ${count}/${concurrency} = ${Math.ceil(count / concurrency)} rounds of the queue at least`,
            complete
              ? `every router holds all ${int(n)} rules afterwards, every deployment done`
              : `statuses ${JSON.stringify(f.statuses)}; routers short of rules: ${rows.filter((r) => r !== n).length}; ${f.errors.slice(0, 2).join(" | ")}`,
          ].join("; "),
          details: {
            routers: count,
            rules: n,
            peerProcesses: processes,
            pushConcurrency: concurrency,
            one: o,
            fleet: {
              ...f,
              perRouterMs: {
                min: Math.min(...f.perRouterMs),
                max: Math.max(...f.perRouterMs),
                median: [...f.perRouterMs].sort((a, b) => a - b)[Math.floor(f.perRouterMs.length / 2)],
              },
            },
            ratio,
            ratioWithPreviews: withPreview,
            sqliteWriteMs: writeMs,
            simulatorCpuMs: simCpuMs,
            cpuFloorMs,
            allComplete: complete,
          },
        };
      } finally {
        await host.close();
        db.remove();
      }
    },
  };
}
