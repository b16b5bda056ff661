import { z } from "zod";
import { hitSettingsSchema, liveFirewallViewSchema, ruleSetHitsSchema } from "@/lib/hits/schemas";
import { defineOperation } from "../operation";
import { idParams } from "./id-params";

/** The router's live firewall with its counters, and each rule's hits across its routers. */

export const liveFirewallOp = defineOperation({
  id: "getRouterLiveFirewall",
  method: "GET",
  path: "/api/v1/routers/{id}/live-firewall",
  summary:
    "The router's filter rules read now, in router order: Rampart's (with their rule of the assigned rule set), foreign and dynamic ones, with packet and byte counters where the router keeps them. The counters are recorded as the rules' hits. 502 when the router cannot be read",
  tag: "Routers",
  role: "operator",
  params: idParams,
  response: liveFirewallViewSchema,
});

export const ruleSetHitsOp = defineOperation({
  id: "getRuleSetHits",
  method: "GET",
  path: "/api/v1/rule-sets/{id}/hits",
  summary:
    "Each rule's hits across the routers the rule set is assigned to, from the counters last read (live firewall views, hit refreshes), and whether it is unused: no router's counter rose for unusedDays days",
  tag: "Rule sets",
  role: "viewer",
  params: idParams,
  response: ruleSetHitsSchema,
});

export const refreshRuleSetHitsOp = defineOperation({
  id: "refreshRuleSetHits",
  method: "POST",
  path: "/api/v1/rule-sets/{id}/hits/refresh",
  summary:
    "Reads the counters of every router the rule set is assigned to now, then returns the hits; routers that could not be read are listed in failed (their last counters stay)",
  tag: "Rule sets",
  role: "operator",
  params: idParams,
  response: ruleSetHitsSchema.extend({
    failed: z.array(z.object({ routerId: z.string(), routerName: z.string(), message: z.string() })),
  }),
});

export const getHitSettingsOp = defineOperation({
  id: "getHitSettings",
  method: "GET",
  path: "/api/v1/settings/hits",
  summary: "After how many days without a hit on any router a rule is flagged unused",
  tag: "Settings",
  role: "viewer",
  response: hitSettingsSchema,
});

export const putHitSettingsOp = defineOperation({
  id: "setHitSettings",
  method: "PUT",
  path: "/api/v1/settings/hits",
  summary: "Change after how many days without a hit a rule is flagged unused (audited)",
  tag: "Settings",
  role: "admin",
  body: hitSettingsSchema,
  response: hitSettingsSchema,
});
