// Where the code may reach into a dependency's internals (issue #19), checked over the repository's sources:
// node-routeros only inside its adapter, ssh2's private fields nowhere, Prisma's adapter handle only in
// lib/db/sqlite-adapter.ts; and every dependency whose internals are touched pinned to the exact version
// installed and locked.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NODE_ROUTEROS_VERSION } from "@/lib/routers/mikrotik/routeros-client";

const root = path.resolve(import.meta.dirname, "../..");
const SKIP = new Set(["node_modules", ".next", ".git", "test-results", "playwright-report", "data", "generated"]);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith(".next")) continue;
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx|mts|mjs|js|cjs)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

const SELF = "tests/contract/dependency-boundaries.test.ts";
const files = ["lib", "app", "components", "bin", "scripts", "bench", "tests", "e2e"]
  .flatMap((d) => sources(d))
  .filter((f) => f !== SELF);
const text = new Map(files.map((f) => [f, readFileSync(path.join(root, f), "utf8")]));
/** Files with an import/require/dynamic import of `spec` (or a path inside it). */
const importers = (spec: RegExp) =>
  files.filter((f) =>
    new RegExp(`(?:from\\s+|import\\s*\\(\\s*|require\\s*\\(\\s*|import\\s+)["'](?:${spec.source})["']`).test(
      text.get(f)!,
    ),
  );

const ADAPTER = "lib/routers/mikrotik/routeros-client/";

describe("dependency boundaries", () => {
  it("the walk sees the code it is meant to check", () => {
    expect(files).toContain(`${ADAPTER}connection.ts`);
    expect(files).toContain("lib/routers/openwrt/ssh-connection.ts");
    expect(files.length).toBeGreaterThan(200);
  });

  it("only the routeros-client folder imports node-routeros", () => {
    const found = importers(/node-routeros(?:\/[^"']*)?/);
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((f) => !f.startsWith(ADAPTER))).toEqual([]);
  });

  it("outside the folder, the adapter is imported by its index only", () => {
    const deep = importers(/[^"']*routeros-client\/[^"']+/).filter((f) => !f.startsWith(ADAPTER));
    expect(deep).toEqual([]);
  });

  it("no code reads ssh2's private socket; only ssh-connection.ts uses ssh2 in the app", () => {
    expect(files.filter((f) => /\._sock\b|["']_sock["']/.test(text.get(f)!))).toEqual([]);
    const app = importers(/ssh2/).filter((f) => f.startsWith("lib/") && !f.endsWith(".test.ts"));
    expect(app).toEqual(["lib/routers/openwrt/ssh-connection.ts"]);
  });

  it("Prisma's private adapter handle is read in lib/db/sqlite-adapter.ts and nowhere else", () => {
    const readers = files.filter((f) => /as unknown as \{ client\??:/.test(text.get(f)!));
    expect(readers).toEqual(["lib/db/sqlite-adapter.ts"]);
  });
});

describe("exact pins where internals are touched", () => {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
  };
  it.each(["node-routeros", "ssh2", "@prisma/adapter-better-sqlite3", "@prisma/client", "prisma"])(
    "%s: package.json, lock and node_modules agree on one exact version",
    (name) => {
      const pinned = pkg.dependencies[name];
      expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
      expect(lock.packages[""].dependencies?.[name]).toBe(pinned);
      expect(lock.packages[`node_modules/${name}`].version).toBe(pinned);
      const installed = JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as {
        version: string;
      };
      expect(installed.version).toBe(pinned);
    },
  );

  it("node-routeros is the version the adapter's patches were written for", () => {
    expect(pkg.dependencies["node-routeros"]).toBe(NODE_ROUTEROS_VERSION);
  });
});
