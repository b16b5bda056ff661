import type {
  DesiredFirewall,
  FirewallPlanner,
  LiveFirewall,
  OwnershipClaim,
  ResultingChain,
} from "@/lib/routers/driver";
import { ruleLabel } from "@/lib/rules/describe";
import type { RuleSetContent } from "@/lib/rules/schema";
import { resultingChainView } from "./chain-view";
import { nameRulesInPlan } from "./name-rules";
import { unhonouredClaimNotes } from "./ownership-claims";
import type { ResultingChainView, StoredPlan } from "./schemas";
import { readKey, sharedWork } from "./shared-by-read";

export interface PreviewPlan {
  /** The plan as stored and pushed: rules named for a person, the compile's notes, the revert timer's writes. */
  stored: StoredPlan;
  inSync: boolean;
  /** The router's chain as it will be after the plan: the lockout guard walks it. */
  chain: ResultingChain;
  chainView: ResultingChainView;
}

const shared = sharedWork<PreviewPlan>();

/**
 * Everything a preview works out from a router's read that does not depend on the router's address: a pure
 * function of the read, the compiled revision and the router's pending claims and last placement, so routers
 * whose read is identical share it (shared-by-read.ts). Read-only: other previews hold the same objects.
 */
export function planPreview(
  planner: FirewallPlanner,
  live: LiveFirewall,
  content: RuleSetContent,
  desired: DesiredFirewall,
  opts: { claims: OwnershipClaim[]; placement: StoredPlan["placement"] },
): PreviewPlan {
  const key = `${readKey(live)} ${JSON.stringify(opts.claims)} ${JSON.stringify(opts.placement ?? null)}`;
  return shared(desired, key, () => {
    // Pending ownership claims (import with "take ownership"): the planner re-tags those rows in place.
    const plan = planner.plan(live, desired, opts);
    const chain = planner.resultingChain(live, plan, content);
    const notes = [...desired.notes, ...unhonouredClaimNotes(opts.claims, plan)].map((n) => ({
      ...n,
      rule: ruleLabel(content.rules, n.ruleId) ?? undefined,
    }));
    return {
      stored: { ...nameRulesInPlan(plan, content.rules), notes, timerWrites: planner.revertWrites?.(live, plan) },
      inSync: plan.ops.length === 0,
      chain,
      chainView: resultingChainView(chain, content),
    };
  });
}
