import type { BenchSizes } from "./types";

/** The sizes. */
export const FULL_SIZES: BenchSizes = {
  pushRules: 2000,
  rttMs: 20,
  planRules: 2000,
  fleetRouters: 200,
  fleetRoutersLarge: 1000,
  // A 2,000-rule set to 200 routers is 400,000 sentences for two shared cores to simulate; 200 rules keeps
  // the run inside its budget (the 2,000-rule push has its own row).
  fleetRules: 200,
  storageRouters: 1000,
  storageRules: 2000,
  sweepRouters: 1000,
  pollIntervalMs: 30_000,
  pollTimeoutMs: 5000,
  pollConcurrency: 32,
  memorySweeps: 10,
  scaleRouters: 10_000,
  scaleRules: 2000,
  editorSmallRules: 50,
  editorLargeRules: 5000,
  analysisRules: 5000,
  // The driver pushes all 2,000. The per-rule baseline (one ssh exec of uci batch + commit per rule) costs
  // 0.3-0.5 s a rule on the stand-in, 10-17 minutes for 2,000, so the comparison runs at 200 rules, every
  // exec measured, against the driver pushing the same 200.
  openWrtRules: 2000,
  openWrtNaiveRules: 200,
};

/** `--quick`: same shapes, a tenth of the work; targets are still checked but mean less. */
export const QUICK_SIZES: BenchSizes = {
  ...FULL_SIZES,
  pushRules: 300,
  planRules: 500,
  fleetRouters: 40,
  fleetRoutersLarge: 100,
  fleetRules: 100,
  storageRouters: 100,
  sweepRouters: 200,
  memorySweeps: 3,
  scaleRouters: 1000,
  scaleRules: 500,
  editorLargeRules: 1000,
  analysisRules: 1000,
  openWrtRules: 300,
  openWrtNaiveRules: 60,
};

/** The test suite's run: proves the bench code works, asserts no speed. */
export const SMOKE_SIZES: BenchSizes = {
  pushRules: 20,
  rttMs: 4,
  planRules: 20,
  fleetRouters: 5,
  fleetRoutersLarge: 8,
  fleetRules: 20,
  storageRouters: 5,
  storageRules: 20,
  sweepRouters: 10,
  pollIntervalMs: 30_000,
  pollTimeoutMs: 1000,
  pollConcurrency: 8,
  memorySweeps: 2,
  scaleRouters: 20,
  scaleRules: 20,
  editorSmallRules: 5,
  editorLargeRules: 20,
  analysisRules: 50,
  openWrtRules: 6,
  openWrtNaiveRules: 6,
};
