/**
 * Node flags for a bench worker process. `RAMPART_BENCH_CPU_PROF=<dir>` adds `--cpu-prof` so each worker
 * (the pushing process, the peer hosts) writes a V8 CPU profile there: how the hot spots of a scenario are found.
 */
export function workerExecArgv(extra: string[] = []): string[] {
  const dir = process.env.RAMPART_BENCH_CPU_PROF?.trim();
  return ["--import", "tsx", ...extra, ...(dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [])];
}
