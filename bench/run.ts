/**
 * `npm run bench [-- --quick] [-- --only <scenario>[,<scenario>]] [-- --no-write]`: every scenario against the
 * test peers on this machine, one table on stdout, bench/results/<date>.json and .md. Progress goes to stderr.
 */
import { runBench } from "./run-bench";
import { SCENARIOS } from "./scenarios";

function parseArgs(argv: string[]): { mode: "full" | "quick"; only: string[] | null; write: boolean } {
  let mode: "full" | "quick" = "full";
  let only: string[] | null = null;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") mode = "quick";
    else if (a === "--no-write") write = false;
    else if (a === "--only" || a.startsWith("--only=")) {
      const v = a === "--only" ? argv[++i] : a.slice("--only=".length);
      if (!v) throw new Error("--only needs a scenario id");
      only = [
        ...(only ?? []),
        ...v
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      ];
    } else if (a === "--list") {
      for (const s of SCENARIOS) console.log(s.id);
      process.exit(0);
    } else if (a === "--help" || a === "-h") {
      console.log("usage: npm run bench [-- --quick] [-- --only <id>[,<id>]] [-- --no-write] [-- --list]");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return { mode, only, write };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { report, table, files } = await runBench(args);
  console.log(
    `Rampart bench (${report.mode}${report.only ? `, only ${report.only.join(", ")}` : ""}) on ${report.machine.cpus} CPUs, Node ${report.machine.node}`,
  );
  console.log(`Latency: ${report.machine.latency}.`);
  console.log(table);
  const c = { PASS: 0, FAIL: 0, "N/A": 0 };
  for (const r of report.results) c[r.verdict]++;
  console.log(`${c.PASS} pass, ${c.FAIL} fail, ${c["N/A"]} not available`);
  if (files) console.log(`results: ${files.json}\n         ${files.markdown}`);
  // Peers, proxies and servers are closed by now; anything left would only keep a broken run alive.
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
