#!/usr/bin/env node
// Entry for `npx rampart ...`: runs the TypeScript CLI through tsx so it shares lib/ with the server.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const tsxCli = require.resolve("tsx/cli");
const r = spawnSync(
  process.execPath,
  [tsxCli, "--tsconfig", path.join(root, "tsconfig.json"), path.join(root, "bin", "cli.ts"), ...process.argv.slice(2)],
  {
    stdio: "inherit",
    cwd: root, // the default database lives under the install (data/), wherever the command is typed
  },
);
process.exit(r.status ?? 1);
