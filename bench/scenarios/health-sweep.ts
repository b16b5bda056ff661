import { int, ms } from "../support/format";
import { runSweepFleet } from "../support/sweep-run";
import type { Scenario } from "../types";

const percentile = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export const healthSweep: Scenario = {
  id: "health-sweep",
  title: (s) => `health sweep of ${int(s.sweepRouters)} routers, 10% hanging, 10% refusing`,
  baseline: (s) => `poll interval (${s.pollIntervalMs / 1000} s)`,
  target: (s) => `whole sweep inside one interval (${s.pollIntervalMs / 1000} s); hung routers cost only their timeout`,
  async run(ctx) {
    const run = await runSweepFleet(ctx);
    const first = run.sweeps[0];
    const hangingRouters = run.routers.filter((r) => r.kind === "hanging").length;
    const refusingRouters = run.routers.filter((r) => r.kind === "refusing").length;
    const maxHung = Math.max(0, ...first.hungHoldMs);
    // The poller's own hard deadline is timeout + 1 s (lib/health/sweep.ts): that is "only its timeout".
    const hungLimit = run.timeoutMs + 1000;
    // If every router cost exactly what the router saw, 32 at a time, the sweep could not be shorter than this.
    const busyMs = [...first.hungHoldMs, ...first.okHoldMs].reduce((a, b) => a + b, 0);
    const idealMs = busyMs / run.concurrency;
    const down = first.states.down ?? 0;
    const up = first.states.up ?? 0;
    const statesRight =
      up + (first.states.degraded ?? 0) === run.routers.length - hangingRouters - refusingRouters &&
      down === hangingRouters + refusingRouters;
    const inside = first.durationMs <= ctx.sizes.pollIntervalMs;
    const hungOk = first.hungHoldMs.length === hangingRouters && maxHung <= hungLimit;
    return {
      measured: `${ms(first.durationMs)} of ${ms(ctx.sizes.pollIntervalMs)}; hung: max ${ms(maxHung)}, median ${ms(percentile(first.hungHoldMs, 50))} at timeout ${ms(run.timeoutMs)}`,
      verdict: inside && hungOk && statesRight ? "PASS" : "FAIL",
      note: [
        `real sweepAll (concurrency ${run.concurrency}, timeout ${run.timeoutMs / 1000} s) in its own process over a temp SQLite DB`,
        `hung cost = accept-to-close time seen by each hanging router; limit = timeout + the poller's 1 s hard deadline`,
        `sweep vs Σ per-router time / ${run.concurrency} = ${ms(idealMs)}`,
        statesRight
          ? ""
          : `states after the sweep: ${JSON.stringify(first.states)} (expected ${run.routers.length - hangingRouters - refusingRouters} up, ${hangingRouters + refusingRouters} down)`,
        first.hungHoldMs.length !== hangingRouters
          ? `${first.hungHoldMs.length} of ${hangingRouters} hanging routers saw a connection`
          : "",
      ]
        .filter(Boolean)
        .join("; "),
      details: {
        routers: run.routers.length,
        hanging: hangingRouters,
        refusing: refusingRouters,
        concurrency: run.concurrency,
        timeoutMs: run.timeoutMs,
        intervalMs: ctx.sizes.pollIntervalMs,
        sweepMs: first.durationMs,
        states: first.states,
        errors: first.errors,
        hungHoldMs: {
          max: maxHung,
          p50: percentile(first.hungHoldMs, 50),
          min: Math.min(...first.hungHoldMs),
          count: first.hungHoldMs.length,
          limit: hungLimit,
        },
        okHoldMs: {
          p50: percentile(first.okHoldMs, 50),
          p99: percentile(first.okHoldMs, 99),
          max: Math.max(0, ...first.okHoldMs),
          count: first.okHoldMs.length,
        },
        idealSweepMs: idealMs,
        allSweepsMs: run.sweeps.map((s) => s.durationMs),
        routerSetupMs: run.setupMs,
      },
    };
  },
};
