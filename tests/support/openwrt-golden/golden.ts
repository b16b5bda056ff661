// Renders a fixture the way the golden files hold it: compile, then plan onto the stock config.
import fs from "node:fs";
import path from "node:path";
import { liveFirewallFromExport } from "@/lib/routers/openwrt/live-firewall";
import { openWrtPlanner } from "@/lib/routers/openwrt/planner";
import { GOLDEN_FIXTURES } from "./fixtures";

export const GOLDEN_DIR = path.dirname(new URL(import.meta.url).pathname);
export const stockExport = () => fs.readFileSync(path.join(GOLDEN_DIR, "stock-firewall.export"), "utf8");

export function renderGolden(name: string): string {
  const compiled = openWrtPlanner.compile(GOLDEN_FIXTURES[name]);
  if (!compiled.ok) throw new Error(`${name} does not compile: ${JSON.stringify(compiled.issues)}`);
  const plan = openWrtPlanner.plan(liveFirewallFromExport(stockExport()), compiled.desired, { strategy: "batch" });
  const notes = compiled.desired.notes.map((n) => `# note ${n.ruleId}: ${n.message}\n`).join("");
  return (
    notes +
    plan.ops
      .flatMap((o) => o.wire)
      .map((l) => `${l}\n`)
      .join("")
  );
}

// `npx tsx tests/support/openwrt-golden/golden.ts --write` regenerates the files after a deliberate change.
if (process.argv.includes("--write")) {
  for (const name of Object.keys(GOLDEN_FIXTURES))
    fs.writeFileSync(path.join(GOLDEN_DIR, `${name}.batch`), renderGolden(name));
}
