import fs from "node:fs";
import path from "node:path";
import type { MachineInfo } from "./machine-info";
import { formatMarkdownTable } from "./table";
import type { BenchSizes, ScenarioResult } from "./types";

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  mode: "full" | "quick" | "smoke";
  only: string[] | null;
  machine: MachineInfo;
  sizes: BenchSizes;
  results: ScenarioResult[];
}

/** bench/results/<date>.json and .md; a second run on the same day gets a time suffix instead of overwriting. */
export function writeResults(
  report: BenchReport,
  dir = path.join(process.cwd(), "bench", "results"),
): { json: string; markdown: string } {
  fs.mkdirSync(dir, { recursive: true });
  const day = report.startedAt.slice(0, 10);
  let base = path.join(dir, day);
  if (fs.existsSync(`${base}.json`))
    base = path.join(dir, `${day}-${report.startedAt.slice(11, 19).replace(/:/g, "")}`);
  const json = `${base}.json`;
  const markdown = `${base}.md`;
  fs.writeFileSync(json, JSON.stringify(report, null, 2) + "\n");
  fs.writeFileSync(markdown, renderMarkdown(report));
  return { json, markdown };
}

export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const counts = { PASS: 0, FAIL: 0, "N/A": 0 };
  for (const x of r.results) counts[x.verdict]++;
  const notes = r.results.filter((x) => x.note).map((x) => `- **${x.id}**: ${x.note}`);
  return [
    `# Rampart bench, ${r.startedAt.slice(0, 10)} (${r.mode}${r.only ? `, only ${r.only.join(", ")}` : ""})`,
    "",
    `${counts.PASS} pass, ${counts.FAIL} fail, ${counts["N/A"]} not available. Every figure is a ratio or a count measured in this run.`,
    "",
    `Latency: ${m.latency}.`,
    "",
    formatMarkdownTable(r.results),
    "",
    "## Notes",
    "",
    ...notes,
    "",
    "## Machine",
    "",
    `- ${m.cpus} × ${m.cpuModel}, ${m.totalMemoryMb} MB RAM, ${m.platform}, kernel ${m.kernel}, Node ${m.node}`,
    `- load average at start ${m.loadAverage.join(" / ")} (shared machine: other work runs at the same time)`,
    `- commit ${m.gitCommit ?? "unknown"}${m.gitDirty ? " (working tree had changes)" : ""}`,
    `- run ${r.startedAt} → ${r.finishedAt}`,
    "",
  ].join("\n");
}
