import { FULL_SIZES, QUICK_SIZES, SMOKE_SIZES } from "./config";
import { machineInfo } from "./machine-info";
import { writeResults, type BenchReport } from "./results-writer";
import { SCENARIOS } from "./scenarios";
import { formatTable } from "./table";
import type { BenchContext, BenchSizes, ScenarioResult } from "./types";

export interface BenchOptions {
  mode: "full" | "quick" | "smoke";
  /** Scenario ids to run; null = all. */
  only: string[] | null;
  /** Override single sizes (tests). */
  sizes?: Partial<BenchSizes>;
  write: boolean;
  log?: (line: string) => void;
}

export interface BenchOutcome {
  report: BenchReport;
  table: string;
  files: { json: string; markdown: string } | null;
}

export async function runBench(opts: BenchOptions): Promise<BenchOutcome> {
  const base = opts.mode === "full" ? FULL_SIZES : opts.mode === "quick" ? QUICK_SIZES : SMOKE_SIZES;
  const sizes = { ...base, ...opts.sizes };
  const unknown = (opts.only ?? []).filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length)
    throw new Error(`unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.id).join(", ")}`);
  const ctx: BenchContext = {
    sizes,
    mode: opts.mode,
    log: opts.log ?? ((l) => process.stderr.write(`[bench] ${l}\n`)),
  };
  const machine = machineInfo();
  const startedAt = new Date().toISOString();
  ctx.log(`latency: ${machine.latency}`);

  const results: ScenarioResult[] = [];
  for (const s of SCENARIOS) {
    if (opts.only && !opts.only.includes(s.id)) continue;
    const row = { id: s.id, scenario: s.title(sizes), baseline: s.baseline(sizes), target: s.target(sizes) };
    ctx.log(`── ${s.id}: ${row.scenario}`);
    const t0 = performance.now();
    try {
      const r = await s.run(ctx);
      results.push({ ...row, ...r, durationMs: Math.round(performance.now() - t0) });
    } catch (e) {
      // A scenario that breaks is a failed row with its reason, not a lost table.
      const message = e instanceof Error ? e.message : String(e);
      ctx.log(`${s.id} failed: ${e instanceof Error ? e.stack : message}`);
      results.push({
        ...row,
        measured: `error: ${message.split("\n")[0].slice(0, 160)}`,
        verdict: "FAIL",
        note: message.slice(0, 2000),
        details: { error: message },
        durationMs: Math.round(performance.now() - t0),
      });
    }
    ctx.log(
      `${s.id}: ${results[results.length - 1].verdict} in ${(results[results.length - 1].durationMs / 1000).toFixed(1)} s`,
    );
  }

  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    mode: opts.mode,
    only: opts.only,
    machine,
    sizes,
    results,
  };
  const table = formatTable(results);
  const files = opts.write ? writeResults(report) : null;
  return { report, table, files };
}
