import type { ScenarioResult } from "./types";

const COLUMNS: { head: string; get: (r: ScenarioResult) => string }[] = [
  { head: "scenario", get: (r) => r.scenario },
  { head: "baseline", get: (r) => r.baseline },
  { head: "target", get: (r) => r.target },
  { head: "measured", get: (r) => r.measured },
  { head: "result", get: (r) => r.verdict },
];

/** Plain-text table for the terminal: one row per scenario, long cells wrapped inside their column. */
export function formatTable(results: ScenarioResult[], width = 44): string {
  const rows = results.map((r) => COLUMNS.map((c) => wrap(c.get(r), c.head === "result" ? 6 : width)));
  const widths = COLUMNS.map((c, i) =>
    Math.max(c.head.length, ...rows.map((r) => Math.max(...r[i].map((l) => l.length)))),
  );
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  const rule = "+" + widths.map((w) => "-".repeat(w + 2)).join("+") + "+";
  const out = [rule, line(COLUMNS.map((c) => c.head)), rule];
  for (const r of rows) {
    const height = Math.max(...r.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(r.map((c) => c[k] ?? "")));
    out.push(rule);
  }
  return out.join("\n");
}

/** GitHub markdown table, cells on one line. */
export function formatMarkdownTable(results: ScenarioResult[]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const out = ["| " + COLUMNS.map((c) => c.head).join(" | ") + " |", "|" + COLUMNS.map(() => "---").join("|") + "|"];
  for (const r of results) out.push("| " + COLUMNS.map((c) => esc(c.get(r))).join(" | ") + " |");
  return out.join("\n");
}

function wrap(text: string, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = "";
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur || !lines.length) lines.push(cur);
  return lines;
}
