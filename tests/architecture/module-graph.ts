import fs from "node:fs";
import path from "node:path";

/** The repo's own source files and what each imports (resolved to repo-relative paths), read from the text. */
export type ModuleGraph = Map<string, Set<string>>;

const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
const SKIP_DIRS = new Set([
  "node_modules",
  ".git",
  ".next",
  "generated",
  "results",
  "test-results",
  "playwright-report",
  "data",
]);
// from "x" / import "x" / import("x") / require("x"); `new URL("./x.ts", import.meta.url)` names worker entries.
const SPECIFIERS = [
  /\bfrom\s+["']([^"']+)["']/g,
  /\bimport\s*\(?\s*["']([^"']+)["']/g,
  /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  /new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url/g,
];

export function listSources(root: string, dir = ""): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (e.name.startsWith(".")) continue;
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !rel.startsWith("prisma/migrations")) out.push(...listSources(root, rel));
    } else if (SOURCE.test(e.name) && !e.name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

function resolve(root: string, from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null;
  const stem = base.replace(/\.(js|mjs)$/, "");
  for (const c of [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    `${stem}.mjs`,
    `${stem}.js`,
    `${base}/index.ts`,
    `${base}/index.tsx`,
  ]) {
    if (fs.existsSync(path.join(root, c)) && fs.statSync(path.join(root, c)).isFile()) return c;
  }
  return null;
}

export function moduleGraph(root: string): ModuleGraph {
  const graph: ModuleGraph = new Map();
  for (const file of listSources(root)) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const deps = new Set<string>();
    for (const re of SPECIFIERS)
      for (const m of text.matchAll(re)) {
        const target = resolve(root, file, m[1]);
        if (target && target !== file) deps.add(target);
      }
    graph.set(file, deps);
  }
  return graph;
}

/** Test, bench and end-to-end code: what `npm start` never runs. */
export function isTestCode(file: string): boolean {
  return (
    /\.(test|spec)\.tsx?$/.test(file) ||
    /^(tests|bench|e2e)\//.test(file) ||
    file === "playwright.config.ts" ||
    file === "vitest.config.mts"
  );
}

/** Files under lib/ that tests (or benches) import and nothing that ships does, even through other such files. */
export function testOnlyLibModules(graph: ModuleGraph): string[] {
  const importers = new Map<string, string[]>();
  for (const [file, deps] of graph) for (const d of deps) importers.set(d, [...(importers.get(d) ?? []), file]);
  // A lib module ships when something that ships imports it; everything outside lib/ that is not test code ships.
  const ships = new Set([...graph.keys()].filter((f) => !f.startsWith("lib/") && !isTestCode(f)));
  for (let grew = true; grew;) {
    grew = false;
    for (const [file, deps] of graph) {
      if (!ships.has(file)) continue;
      for (const d of deps) {
        if (ships.has(d)) continue;
        ships.add(d);
        grew = true;
      }
    }
  }
  return [...graph.keys()]
    .filter((f) => f.startsWith("lib/") && !isTestCode(f) && !ships.has(f) && (importers.get(f) ?? []).length > 0)
    .sort();
}
