import { z } from "zod";

/** The live firewall view and the rule hits, as the API and the pages carry them (client-safe). */

export const liveRuleViewSchema = z.object({
  family: z.enum(["ipv4", "ipv6"]).nullable().describe("null where one table holds both (OpenWrt's inet fw4)"),
  chain: z.string(),
  position: z.number().int().describe("1-based place in (family, chain), as the router counts"),
  ref: z.string().describe("the router's id of the row: RouterOS .id, nft handle"),
  origin: z
    .enum(["rampart", "foreign", "dynamic"])
    .describe("rampart: written by a push; foreign: added on the router by hand; dynamic: made by the router itself"),
  ruleId: z.string().nullable(),
  ruleLabel: z.string().nullable().describe('the rule-set rule a Rampart row belongs to: "#2 SSH from office"'),
  summary: z.string(),
  disabled: z.boolean(),
  packets: z.number().int().nullable().describe("null where the router keeps no counter for the row"),
  bytes: z.number().int().nullable(),
});
export type LiveRuleView = z.infer<typeof liveRuleViewSchema>;

export const liveFirewallViewSchema = z.object({
  routerId: z.string(),
  routerName: z.string(),
  readAt: z.string().describe("when the router was read (ISO 8601)"),
  rules: z.array(liveRuleViewSchema),
});
export type LiveFirewallView = z.infer<typeof liveFirewallViewSchema>;

export const ruleHitsViewSchema = z.object({
  ruleId: z.string(),
  state: z
    .enum(["unknown", "used", "unused", "quiet"])
    .describe(
      "unknown: no router's counter read; used: a hit within unusedDays; unused: every router read and watched for unusedDays without a hit; quiet: no hit seen, not watched long enough or not every router read",
    ),
  routers: z.number().int().describe("routers the rule set is assigned to"),
  reported: z.number().int().describe("of them, routers whose counter for the rule was read"),
  packets: z.number().int().describe("sum of the latest counters read"),
  bytes: z.number().int(),
  lastHitAt: z.string().nullable(),
  since: z.string().nullable().describe("unused/quiet: no router saw a hit since then"),
});
export type RuleHitsView = z.infer<typeof ruleHitsViewSchema>;

export const ruleSetHitsSchema = z.object({
  ruleSetId: z.string(),
  unusedDays: z.number().int(),
  rules: z.array(ruleHitsViewSchema),
});
export type RuleSetHits = z.infer<typeof ruleSetHitsSchema>;

export const hitSettingsSchema = z.object({
  unusedDays: z
    .number()
    .int("whole days")
    .min(1, "at least 1 day")
    .max(3650, "at most 3650 days")
    .describe("a rule whose counters did not rise for this many days on any router is flagged unused"),
});
export type HitSettings = z.infer<typeof hitSettingsSchema>;
