import { int, mb } from "../support/format";
import { runSweepFleet } from "../support/sweep-run";
import type { Scenario } from "../types";

/** "No growth": after the first sweep has warmed everything up, the heap after GC grows by less than this. */
const HEAP_GROWTH_LIMIT = 0.1;
const RSS_GROWTH_LIMIT = 0.15;

export const pollerMemory: Scenario = {
  id: "poller-memory",
  title: (s) => `server memory while polling ${int(s.sweepRouters)} routers`,
  baseline: () => "idle",
  target: (s) => `report RSS; no growth over ${s.memorySweeps} sweeps`,
  async run(ctx) {
    const run = await runSweepFleet(ctx);
    const mem = run.sweeps.map((s) => s.memory);
    const warm = mem[Math.min(1, mem.length - 1)];
    const last = mem[mem.length - 1];
    const heapGrowth = (last.heapUsed - warm.heapUsed) / warm.heapUsed;
    const rssGrowth = (last.rss - warm.rss) / warm.rss;
    const peakRss = Math.max(...mem.map((m) => m.rss));
    const pass = heapGrowth < HEAP_GROWTH_LIMIT && rssGrowth < RSS_GROWTH_LIMIT;
    return {
      measured: `RSS idle ${mb(run.idle.rss)} → ${mb(last.rss)} (peak ${mb(peakRss)}); heap ${mb(warm.heapUsed)} → ${mb(last.heapUsed)} (${(heapGrowth * 100).toFixed(1)}%) sweeps ${warm === mem[0] ? 1 : 2}→${mem.length}`,
      verdict: pass ? "PASS" : "FAIL",
      note: `the poller process (same sweepAll the server runs, own Node process, sweeps back to back), measured after a forced GC; growth limits: heap < ${HEAP_GROWTH_LIMIT * 100}%, RSS < ${RSS_GROWTH_LIMIT * 100}% from sweep 2 to the last`,
      details: {
        sweeps: mem.length,
        idle: run.idle,
        perSweep: run.sweeps.map((s) => ({ index: s.index, durationMs: s.durationMs, ...s.memory })),
        heapGrowth,
        rssGrowth,
        peakRss,
      },
    };
  },
};
