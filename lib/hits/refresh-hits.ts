import { db } from "@/lib/db/client";
import { readLiveFirewall } from "./live-view";
import { ruleSetHits } from "./rule-set-hits";

/** Routers read at once by a refresh: each read is one connection and a full firewall print. */
const AT_ONCE = 4;

/**
 * "Refresh hits": reads the counters of every router the rule set is assigned to now (each read is recorded as
 * the live view's is), then the rule set's hits. A router that cannot be read keeps its last counters and is named.
 */
export async function refreshRuleSetHits(ruleSetId: string) {
  const routers = await db.router.findMany({
    where: { assignment: { ruleSetId } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  const failed: { routerId: string; routerName: string; message: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < routers.length) {
      const r = routers[next++];
      const read = await readLiveFirewall(r.id);
      if (!read.ok) failed.push({ routerId: r.id, routerName: r.name, message: read.message });
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, routers.length) }, worker));
  const hits = await ruleSetHits(ruleSetId);
  return hits ? { ...hits, failed: failed.sort((a, b) => a.routerName.localeCompare(b.routerName)) } : null;
}
