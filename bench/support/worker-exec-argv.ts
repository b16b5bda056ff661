import fs from "node:fs";
import path from "node:path";

/**
 * Node flags for a bench worker process. `RAMPART_BENCH_CPU_PROF=<dir>` adds `--cpu-prof` so each worker
 * (the pushing process, the peer hosts) writes a V8 CPU profile there: how the hot spots of a scenario are found.
 */
export function workerExecArgv(extra: string[] = []): string[] {
  const dir = process.env.RAMPART_BENCH_CPU_PROF?.trim();
  return ["--import", "tsx", ...extra, ...(dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [])];
}

/** The Node flags `npm start` gives the server (scripts/server-node-options), for workers that stand in for it. */
export function serverNodeFlags(): string[] {
  return fs.readFileSync(path.join(process.cwd(), "scripts/server-node-options"), "utf8").split(/\s+/).filter(Boolean);
}
