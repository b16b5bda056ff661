/**
 * The plan-storage scenario's Rampart: lib/push over its own temp SQLite database (DATABASE_URL), in its own
 * process, with a RouterOS peer in this process. Prints one JSON line of PlanStorageFigures on stdout.
 * argv: routers rules
 */
import { startRouterOsPeer } from "@/tests/peers/routeros";
import { measurePlanStorage } from "../support/plan-storage-run";
import { benchRuleSet } from "../support/rule-sets";
import { PEER_PASSWORD, PEER_USER } from "../support/routeros-target";

async function main() {
  const [routers, rules] = process.argv.slice(2).map(Number);
  const peer = await startRouterOsPeer({ users: { [PEER_USER]: PEER_PASSWORD } });
  try {
    const f = await measurePlanStorage({
      routers,
      content: benchRuleSet(rules),
      port: peer.port,
      username: PEER_USER,
      password: PEER_PASSWORD,
      log: (l) => process.stderr.write(l + "\n"),
    });
    process.stdout.write(JSON.stringify(f) + "\n");
  } finally {
    await peer.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`plan-storage worker: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
