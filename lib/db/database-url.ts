import fs from "node:fs";
import path from "node:path";

/** DATABASE_URL wins; otherwise data/rampart.db under the working directory (git-ignored). */
export function resolveDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env.DATABASE_URL?.trim();
  if (fromEnv) {
    ensureParentDir(fromEnv);
    return fromEnv;
  }
  const file = path.resolve(process.cwd(), "data", "rampart.db");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return `file:${file}`;
}

function ensureParentDir(url: string) {
  if (!url.startsWith("file:")) return;
  const file = url.slice("file:".length);
  if (file && file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
}
