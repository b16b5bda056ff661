import { ApiError, failureError } from "@/lib/api/errors";
import { readLiveFirewall } from "./live-view";
import { refreshRuleSetHits } from "./refresh-hits";
import { ruleSetHits } from "./rule-set-hits";

/** The API's view of the live firewall and the hits; expected failures become ApiErrors. */

export async function liveFirewallForApi(routerId: string) {
  const r = await readLiveFirewall(routerId);
  if (!r.ok) throw failureError(r);
  return r.view;
}

export async function ruleSetHitsForApi(ruleSetId: string) {
  const r = await ruleSetHits(ruleSetId);
  if (!r) throw new ApiError("not_found", "rule set not found");
  return r;
}

export async function refreshRuleSetHitsForApi(ruleSetId: string) {
  const r = await refreshRuleSetHits(ruleSetId);
  if (!r) throw new ApiError("not_found", "rule set not found");
  return r;
}
