// Sums every suite into the one closing line CI reads: "N passed, N failed".
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const read = (f) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
  } catch {
    return null;
  }
};
let passed = 0;
let failed = 0;
let skipped = 0;

const typecheck = fs.existsSync(path.join(dir, "typecheck.txt"))
  ? fs.readFileSync(path.join(dir, "typecheck.txt"), "utf8").trim()
  : "typecheck missing";
if (typecheck === "typecheck ok") passed += 1;
else failed += 1;

const v = read("vitest.json");
if (v) {
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  // A suite that failed to load has no tests but must still count as a failure.
  for (const f of v.testResults ?? [])
    if (f.status === "failed" && (f.assertionResults ?? []).length === 0) failed += 1;
} else failed += 1;

const p = read("playwright.json");
if (p?.stats) {
  passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  failed += p.stats.unexpected ?? 0;
  skipped += p.stats.skipped ?? 0;
  if ((p.errors ?? []).length) failed += p.errors.length;
} else failed += 1;

console.log(
  `\nvitest: ${v ? `${v.numPassedTests} passed, ${v.numFailedTests} failed` : "no report"}; playwright: ${p?.stats ? `${p.stats.expected} passed, ${p.stats.unexpected} failed, ${p.stats.flaky} flaky` : "no report"}; ${typecheck}`,
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
