import { db } from "@/lib/db/client";
import { readRouterFirewall } from "@/lib/drift/router-firewall";
import type { Failure } from "@/lib/failure";
import { findRevision } from "@/lib/push/revision-content";
import type { LiveRule } from "@/lib/routers/driver";
import { ruleLabeller } from "@/lib/rules/describe";
import type { RuleSetContent } from "@/lib/rules/schema";
import { recordHits } from "./record-hits";
import type { LiveFirewallView } from "./schemas";

export type LiveFirewallRead = { ok: true; view: LiveFirewallView } | Failure<"not_found" | "router_error">;

const EMPTY: RuleSetContent = { rules: [], addressLists: [] };

/**
 * The router's filter rules read now, in router order, with their counters; Rampart's rows name their rule of
 * the assigned rule set's head (as the editor numbers it). The read's counters are recorded as the rules' hits.
 */
export async function readLiveFirewall(routerId: string): Promise<LiveFirewallRead> {
  const router = await db.router.findUnique({
    where: { id: routerId },
    select: { name: true, assignment: { select: { ruleSetId: true } } },
  });
  if (!router) return { ok: false, code: "not_found", message: "router not found" };
  const content = router.assignment ? ((await findRevision(router.assignment.ruleSetId))?.content ?? EMPTY) : EMPTY;
  const read = await readRouterFirewall(routerId);
  if (!read.ok) return { ok: false, code: "router_error", message: read.message };
  await read.session.close().catch(() => undefined);
  const readAt = new Date();
  const rules = read.planner.liveRules(read.live, content);
  const label = ruleLabeller(content.rules);
  await recordHits(routerId, rules, readAt);
  return {
    ok: true,
    view: {
      routerId,
      routerName: router.name,
      readAt: readAt.toISOString(),
      rules: rules.map((r) => viewOf(r, label)),
    },
  };
}

function viewOf(r: LiveRule, label: (ruleId: string) => string | null): LiveFirewallView["rules"][number] {
  const { counters, ...rest } = r;
  return {
    ...rest,
    ruleLabel: r.ruleId ? label(r.ruleId) : null,
    packets: counters?.packets ?? null,
    bytes: counters?.bytes ?? null,
  };
}
