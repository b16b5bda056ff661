import { z } from "zod";
import { findingSchema, packetSchema } from "@/lib/rules/analysis";
import { actionSchema, chainSchema, connStateSchema, ruleSetContentSchema } from "@/lib/rules/schema";
import { FINDING_BADGES } from "./finding-view";

/** What the analysis and packet-test API take and give; the editor and push preview render the same views. */

/** A saved revision (head when revision is omitted) or inline content, such as an editor's unsaved rules. */
export const analysisSourceSchema = z
  .object({
    ruleSetId: z.string().min(1).max(64).optional(),
    revision: z.number().int().min(1).optional(),
    content: ruleSetContentSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.ruleSetId === undefined) === (s.content === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["ruleSetId"],
        message: "send either ruleSetId (with an optional revision) or content",
      });
    }
    if (s.revision !== undefined && s.ruleSetId === undefined)
      ctx.addIssue({ code: "custom", path: ["revision"], message: "revision needs ruleSetId" });
  });
export type AnalysisSource = z.infer<typeof analysisSourceSchema>;

export const findingViewSchema = findingSchema.extend({
  /** 1-based position of the rule in the rule set. */
  position: z.number().int(),
  badge: z.enum(FINDING_BADGES),
  /** Positions of byRuleIds. */
  byPositions: z.array(z.number().int()),
});
export type FindingView = z.infer<typeof findingViewSchema>;

const countsSchema = z.object({
  errors: z.number().int(),
  warnings: z.number().int(),
  rules: z.number().int().describe("rules with at least one finding"),
  conflict: z.number().int(),
  redundant: z.number().int(),
  "never-matches": z.number().int(),
  "forward-blocked": z.number().int().describe("port forwards the forward chain does not let through"),
  "duplicate-forward": z.number().int().describe("port forwards of a port an earlier forward takes"),
});

const analyzedSchema = z.object({
  ruleSetId: z.string().nullable(),
  revision: z.number().int().nullable().describe("the revision analysed; null for inline content"),
  ruleCount: z.number().int(),
});

export const analysisResponseSchema = analyzedSchema.extend({
  counts: countsSchema,
  findings: z.array(findingViewSchema),
  elapsedMs: z.number(),
});
export type AnalysisResponse = z.infer<typeof analysisResponseSchema>;

export const packetTestRequestSchema = z.object({ packet: packetSchema }).and(analysisSourceSchema);

export const traceStepViewSchema = z.object({
  ruleId: z.string(),
  position: z.number().int(),
  description: z.string(),
  comment: z.string(),
  action: actionSchema,
  matched: z.boolean(),
  /** Why the packet did not match; empty for the matching rule. */
  reasons: z.array(z.string()),
  /** What the tester assumed to let this rule match (a rate limit is state it cannot know); absent when nothing. */
  assumptions: z.array(z.string()).optional(),
});
export type TraceStepView = z.infer<typeof traceStepViewSchema>;

/** One step of a packet through the NAT rules (port forwards before the filter, source NAT after it). */
export const natTraceViewSchema = z.object({
  /** The rule that rewrote the packet: the address (and port) before and after. */
  matched: z.object({ ruleId: z.string(), position: z.number().int(), from: z.string(), to: z.string() }).nullable(),
  undecided: z
    .array(z.number().int())
    .optional()
    .describe(
      "Positions of vendor raw NAT rules the packet met before this answer: the tester cannot decide them, so the answer holds only if none of them matched",
    ),
  trace: z.array(
    z.object({
      ruleId: z.string(),
      position: z.number().int().describe("1-based position among the NAT rules"),
      description: z.string(),
      comment: z.string(),
      matched: z.boolean(),
      reasons: z.array(z.string()),
    }),
  ),
});
export type NatTraceView = z.infer<typeof natTraceViewSchema>;

export const packetTestViewSchema = z.object({
  verdict: actionSchema,
  chain: chainSchema,
  /** The first matching rule, or null when no rule matched and the chain's default policy decided. */
  decidedBy: traceStepViewSchema.nullable(),
  defaultPolicy: actionSchema,
  /** Every rule of the chain the packet met, in order, up to and including the deciding one. */
  trace: z.array(traceStepViewSchema),
  /**
   * Sets with NAT rules: the port forwards the packet met before the filter (a match rewrites its destination,
   * and the filter then sees it on the forward chain), and the source NAT rules an accepted packet met after it.
   */
  dstNat: natTraceViewSchema.optional(),
  srcNat: natTraceViewSchema.nullable().optional(),
});
export type PacketTestView = z.infer<typeof packetTestViewSchema>;

export const packetTestResponseSchema = analyzedSchema.extend({ result: packetTestViewSchema });

export const skippedItemSchema = z.object({
  ref: z.string(),
  label: z.string(),
  field: z.string().optional(),
  reason: z.string(),
  partial: z.boolean().optional(),
});

export const routerPacketTestResponseSchema = z.object({
  routerId: z.string(),
  routerName: z.string(),
  ruleCount: z.number().int().describe("live filter rules read back into the rule model"),
  /** Live items the rule model cannot hold; the verdict ignores them, so it may differ where they would match. */
  skipped: z.array(skippedItemSchema),
  result: packetTestViewSchema,
});
export type RouterPacketTestResponse = z.infer<typeof routerPacketTestResponseSchema>;

/** The router test's query string: text as typed; converted and checked with packetSchema in the handler. */
export const routerPacketQuerySchema = z.object({
  chain: chainSchema,
  inInterface: z.string().max(64).optional(),
  outInterface: z.string().max(64).optional(),
  src: z.string().max(64),
  dst: z.string().max(64),
  protocol: z.string().max(8).describe("tcp, udp, icmp, icmpv6 or a number 0-255"),
  srcPort: z.string().max(8).optional(),
  dstPort: z.string().max(8).optional(),
  state: connStateSchema,
});

export const pushGuardSettingsSchema = z.object({
  /** Refuse previews and pushes of a revision in which some rule is shadowed by a rule with the opposite action. */
  blockOnConflicts: z.boolean(),
});
export type PushGuardSettings = z.infer<typeof pushGuardSettingsSchema>;
