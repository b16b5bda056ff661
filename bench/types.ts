/** One row of the bench table. Every figure is measured in the same run; nothing is computed instead of measured. */
export type Verdict = "PASS" | "FAIL" | "N/A";

export interface ScenarioResult {
  id: string;
  scenario: string;
  baseline: string;
  target: string;
  /** What was measured, in a few words ("38.2× (41.3 s vs 1.08 s); 1.3× bound"). */
  measured: string;
  verdict: Verdict;
  /** Why a row failed or is not available; caveats the reader must know. */
  note?: string;
  /** Raw figures for the JSON file. */
  details: Record<string, unknown>;
  durationMs: number;
}

export interface BenchSizes {
  /** Rules pushed to one RouterOS peer and to the OpenWrt stand-in. */
  pushRules: number;
  /** Round-trip time the delaying proxy gives. */
  rttMs: number;
  /** Rules in the change-one and reorder scenarios. */
  planRules: number;
  fleetRouters: number;
  /** The large fleet row (1,000 routers in the issue). */
  fleetRoutersLarge: number;
  /** Rules in the rule set pushed to the fleet. */
  fleetRules: number;
  /** The plan-storage scenario: routers given one push, and its rules. */
  storageRouters: number;
  storageRules: number;
  sweepRouters: number;
  /** Poller settings for the sweep (server defaults: 30 s, 5 s, 32). */
  pollIntervalMs: number;
  pollTimeoutMs: number;
  pollConcurrency: number;
  memorySweeps: number;
  /** The health-scale fleet (a fifth pushed with scaleRules rules, a tenth hanging). */
  scaleRouters: number;
  scaleRules: number;
  editorSmallRules: number;
  editorLargeRules: number;
  analysisRules: number;
  openWrtRules: number;
  /**
   * Rules of the OpenWrt like-for-like comparison: the per-rule baseline runs every exec at this size (never
   * extrapolated), and the driver pushes the same rules.
   */
  openWrtNaiveRules: number;
}

export interface BenchContext {
  sizes: BenchSizes;
  mode: "full" | "quick" | "smoke";
  /** Progress lines go here (stderr by default) so the table stays readable on stdout. */
  log(line: string): void;
}

export interface Scenario {
  id: string;
  title(sizes: BenchSizes): string;
  baseline(sizes: BenchSizes): string;
  target(sizes: BenchSizes): string;
  run(ctx: BenchContext): Promise<Omit<ScenarioResult, "id" | "scenario" | "baseline" | "target" | "durationMs">>;
}

export function notAvailable(
  why: string,
): Omit<ScenarioResult, "id" | "scenario" | "baseline" | "target" | "durationMs"> {
  return { measured: `not available yet: ${why}`, verdict: "N/A", note: why, details: { available: false, why } };
}
