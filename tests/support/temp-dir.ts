import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/**
 * A temp directory for one test file, removed when the file's tests end. Registered first, so vitest's stacked
 * afterAll hooks run it last, after the file's own hooks have closed the databases and peers inside it.
 */
export function tempDirForFile(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
