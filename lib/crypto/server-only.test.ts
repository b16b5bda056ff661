import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { open, seal } from "./secret-box";

const root = path.resolve(import.meta.dirname, "../..");
const MARKER = /^import "server-only";/m;

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith("@/")
    ? path.join(root, spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")])
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

/**
 * Every project module `file` puts in the browser bundle through value imports. Type-only imports are erased;
 * a "use server" module (server actions) reaches the browser as references only, so the walk stops there.
 */
function reach(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  const text = fs.readFileSync(file, "utf8");
  if (/^\s*["']use server["']/.test(text)) return seen;
  seen.add(file);
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)) {
    const next = resolveImport(file, m[1]);
    if (next) reach(next, seen);
  }
  return seen;
}

describe("modules that decrypt router secrets are server-only", () => {
  it("carry the marker Next checks at build time, and still load here (vitest aliases the marker)", () => {
    for (const f of [
      "lib/crypto/secret-box.ts",
      "lib/crypto/credential-key.ts",
      "lib/crypto/rotate-key.ts",
      "lib/inventory/routers.ts",
    ]) {
      expect(fs.readFileSync(path.join(root, f), "utf8"), f).toMatch(MARKER);
    }
    const key = { id: "k1", key: Buffer.alloc(32, 7) };
    expect(open(key, seal(key, "router-pw", "r1"), "r1")).toBe("router-pw");
  });

  it("no client component reaches one through its imports", () => {
    const clients = ["app", "components", "lib"]
      .flatMap(sources)
      .filter((f) => /^\s*["']use client["']/.test(fs.readFileSync(f, "utf8")));
    expect(clients.length).toBeGreaterThan(5);
    const leaks = clients.flatMap((c) =>
      [...reach(c)]
        .filter((f) => MARKER.test(fs.readFileSync(f, "utf8")))
        .map((f) => `${path.relative(root, c)} → ${path.relative(root, f)}`),
    );
    expect(leaks).toEqual([]);
  });
});
