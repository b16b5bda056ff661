import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isTestCode, moduleGraph, testOnlyLibModules } from "./module-graph";

const root = path.resolve(import.meta.dirname, "../..");
const graph = moduleGraph(root);
const shipped = (f: string) => /^(lib|app|components)\//.test(f) && !isTestCode(f);
// A barrel that only re-exports holds no code of its own: it is a folder's public face, whoever imports it.
const isBarrel = (f: string) =>
  path.basename(f) === "index.ts" &&
  fs
    .readFileSync(path.join(root, f), "utf8")
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "")
    .replace(/export\s+(type\s+)?(\*|\{[^}]*\})\s+from\s+["'][^"']+["'];?/g, "")
    .trim() === "";

describe("test code lives outside the production folders", () => {
  it("reads the real import graph (sanity: it sees the app and its tests)", () => {
    expect(graph.get("lib/routers/mikrotik/planner.ts")?.size).toBeGreaterThan(0);
    expect([...graph.keys()].filter((f) => f.startsWith("tests/")).length).toBeGreaterThan(20);
  });

  it("no module under lib/, app/ or components/ imports from tests/, bench/ or e2e/", () => {
    const leaks = [...graph].flatMap(([file, deps]) =>
      shipped(file) ? [...deps].filter((d) => /^(tests|bench|e2e)\//.test(d)).map((d) => `${file} -> ${d}`) : [],
    );
    expect(leaks).toEqual([]);
  });

  it("no file under lib/ is imported only by tests or benches (those belong in tests/support or bench/support)", () => {
    expect(isBarrel("lib/push/index.ts")).toBe(true);
    expect(isBarrel("lib/push/start-push.ts")).toBe(false);
    expect(testOnlyLibModules(graph).filter((f) => !isBarrel(f))).toEqual([]);
  });

  it("the check flags a test-only helper and a production import of test code", () => {
    const g = new Map<string, Set<string>>([
      ["app/page.tsx", new Set(["lib/a.ts"])],
      ["lib/a.ts", new Set()],
      ["lib/helper.ts", new Set(["lib/a.ts"])],
      ["lib/only-via-helper.ts", new Set()],
      ["lib/a.test.ts", new Set(["lib/helper.ts"])],
      ["lib/x.test.ts", new Set(["lib/only-via-helper.ts"])],
      ["bench/run.ts", new Set(["lib/only-via-helper.ts", "lib/a.ts"])],
    ]);
    expect(testOnlyLibModules(g)).toEqual(["lib/helper.ts", "lib/only-via-helper.ts"]);
  });
});
