import { z } from "zod";

/**
 * Shapes lib/push stores as JSON text and hands to the API and UI. Stored JSON is always parsed with these on
 * read, never cast. They mirror the driver contract (lib/routers/driver.ts) without vendor words.
 */

export const vendorOpSchema = z.object({ label: z.string(), wire: z.array(z.string()) });

export const firewallChangeSchema = z.object({
  kind: z.enum(["add", "change", "remove", "move"]),
  ruleId: z.string().nullable(),
  description: z.string(),
  fields: z.array(z.object({ field: z.string(), old: z.string(), new: z.string() })).optional(),
});

export const placementSchema = z.record(z.string(), z.string().nullable());

export const pushPlanSchema = z.object({
  ops: z.array(vendorOpSchema),
  changes: z.array(firewallChangeSchema),
  counts: z.object({ add: z.number(), change: z.number(), remove: z.number(), move: z.number() }),
  baseStateHash: z.string(),
  /** Foreign rows the plan takes over in place (ownership claims); the revert timer gives them back. */
  claimed: z
    .array(
      z.object({
        ref: z.string(),
        kind: z.enum(["filter", "address-list-entry", "nat"]),
        family: z.enum(["ipv4", "ipv6"]).optional(),
        fields: z.array(z.string()),
      }),
    )
    .optional(),
  /** Where the plan puts managed rules among the router's own (Placement); kept on the router's status after the push. */
  placement: placementSchema.optional(),
});
export type StoredPushPlan = z.infer<typeof pushPlanSchema>;

/** `rule`: "#2 SSH from office", how the preview names the rule (absent in plans stored before it). */
export const compileNoteSchema = z.object({ ruleId: z.string(), rule: z.string().optional(), message: z.string() });
export const compileIssueSchema = z.object({
  ruleId: z.string().nullable(),
  ruleIndex: z.number().nullable(),
  field: z.string(),
  message: z.string(),
});

/** The management connection Rampart itself uses, as a packet the rule model can test. */
export const managementPathSchema = z.object({ src: z.string(), dst: z.string(), dstPort: z.number() });

const rowOriginSchema = z.enum(["rampart", "router", "built-in"]);

export const lockoutCheckSchema = z.object({
  /** false when the check could not run (unknown local address); `reason` says why. */
  checked: z.boolean(),
  path: managementPathSchema.nullable(),
  /** The row that would drop or reject Rampart's new connection (a policy: ruleId null, origin built-in), or null. */
  blockedBy: z
    .object({
      ruleId: z.string().nullable(),
      /** 0-based: the rule's place in the rule set (wholeChain false), else its place in the router's chain. */
      ruleIndex: z.number(),
      description: z.string(),
      action: z.string(),
      origin: rowOriginSchema.default("rampart"),
      /** "Rampart's rule #2 (SSH from office)", "the router's own rule #5 of input (defconf: drop all)". */
      name: z.string().default(""),
    })
    .nullable(),
  /**
   * Rows the connection reaches that might drop it but cannot be evaluated (a matcher the model does not
   * understand). While any is listed the path is unknown, never "stays open".
   */
  undecided: z.array(z.object({ name: z.string(), reason: z.string() })).default([]),
  /** true: the router's whole chain after the push was walked; false: only Rampart's rules (the vendor cannot say more). */
  wholeChain: z.boolean().default(false),
  /** Drop/reject rules that match the path except for an interface Rampart cannot see. */
  warnings: z.array(z.string()),
  reason: z.string().nullable(),
});
export type LockoutCheck = z.infer<typeof lockoutCheckSchema>;

// "staged": push although someone staged uncommitted firewall changes on the router; they are discarded first
export const OVERRIDES = ["lockout", "no-timer", "staged"] as const;
export const overrideSchema = z.enum(OVERRIDES);
export type Override = z.infer<typeof overrideSchema>;
export const overrideRecordSchema = z.object({ kind: overrideSchema, by: z.string(), at: z.string() });
export type OverrideRecord = z.infer<typeof overrideRecordSchema>;

export const DEPLOYMENT_STATUSES = [
  "queued",
  "connecting",
  "applying",
  "verifying",
  "done",
  "failed",
  "rolled-back",
  "refused",
  "skipped",
  "failed-unknown",
] as const;
export const deploymentStatusSchema = z.enum(DEPLOYMENT_STATUSES);
export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;

export const ACTIVE_STATUSES: readonly DeploymentStatus[] = ["queued", "connecting", "applying", "verifying"];
export const RUNNING_STATUSES: readonly DeploymentStatus[] = ["connecting", "applying", "verifying"];

export const BATCH_STATES = ["running", "canary-wait", "done", "stopped"] as const;
export const batchStateSchema = z.enum(BATCH_STATES);
export type BatchState = z.infer<typeof batchStateSchema>;

export const STEP_PHASES = [
  "plan",
  "connect",
  "check",
  "arm",
  "apply",
  "verify",
  "confirm",
  "rollback",
  "done",
] as const;
export type StepPhase = (typeof STEP_PHASES)[number];

export const DEFAULT_REVERT_SECONDS = 60;
export const revertSecondsSchema = z
  .number({ error: "revert window must be a number of seconds" })
  .int("revert window must be whole seconds")
  .min(15, "revert window must be at least 15 s (time to verify over a new connection)")
  .max(3600, "revert window must be at most 3600 s");

/** How long a preview stays pushable; past it the router may have changed in ways the hash still catches, but the person has moved on. */
export const PREVIEW_TTL_MS = 30 * 60_000;

/** RouterStatus.lastPushedPlacement; undefined when none was recorded (the planner then keeps rules where they are). */
export function storedPlacement(json: string | null | undefined): z.infer<typeof placementSchema> | undefined {
  return json ? parseStoredJson(placementSchema, json, "the last push's placement") : undefined;
}

export function parseStoredJson<S extends z.ZodType>(schema: S, json: string, where: string): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`${where}: stored JSON does not parse`);
  }
  const r = schema.safeParse(raw);
  if (!r.success)
    throw new Error(`${where}: stored JSON does not match its schema (${r.error.issues[0]?.message ?? "unknown"})`);
  return r.data;
}

/** What a preview stores and a deployment runs: the plan plus the compile notes the preview showed. */
export const storedPlanSchema = pushPlanSchema.extend({
  notes: z.array(compileNoteSchema).default([]),
  /** The revert timer's writes around the ops (armed before, removed after the read-back), for the preview. */
  timerWrites: z.object({ arm: z.array(vendorOpSchema), confirm: z.array(vendorOpSchema) }).optional(),
});
export type StoredPlan = z.infer<typeof storedPlanSchema>;

export const chainRowViewSchema = z.object({
  family: z.enum(["ipv4", "ipv6"]),
  chain: z.string(),
  /** 1-based, as the router counts within (family, chain). */
  position: z.number(),
  origin: rowOriginSchema,
  ruleId: z.string().nullable(),
  /** 1-based place in the rule set (origin rampart), else null. */
  ruleNumber: z.number().nullable(),
  label: z.string(),
  /** accept | drop | reject | continue (never decides) | other (decides in a way the model does not hold). */
  verdict: z.enum(["accept", "drop", "reject", "continue", "other"]),
  /** What the row matches in the model's words, when it can be evaluated. */
  description: z.string().nullable(),
  unevaluable: z.string().nullable(),
  /** Set when an earlier row of the other origin decides every packet this row would see. */
  unreachable: z.string().nullable(),
});
export type ChainRowView = z.infer<typeof chainRowViewSchema>;

export const resultingChainViewSchema = z.object({
  rows: z.array(chainRowViewSchema),
  policies: z.array(z.object({ family: z.enum(["ipv4", "ipv6"]), chain: z.string(), verdict: z.string() })),
  /** How many rows cannot be evaluated; each says why in `rows`. */
  unevaluableCount: z.number(),
  /** How many rows one origin's rows make unreachable for the other's. */
  unreachableCount: z.number(),
});
export type ResultingChainView = z.infer<typeof resultingChainViewSchema>;

export const previewViewSchema = z.object({
  id: z.string(),
  routerId: z.string(),
  routerName: z.string(),
  ruleSetId: z.string(),
  revisionId: z.string(),
  revisionNumber: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** PushPlan.hash: the stored plan, shared by every router given the same plan. */
  planHash: z.string(),
  plan: storedPlanSchema,
  lockout: lockoutCheckSchema,
  inSync: z.boolean(),
  /** The router's filter chains as they will be after the push (absent when the vendor cannot say). */
  chain: resultingChainViewSchema.nullable().default(null),
  /** Uncommitted firewall changes someone staged on the router (vendor text): a push refuses unless overridden. */
  staged: z.array(z.string()).default([]),
});
export type PreviewView = z.infer<typeof previewViewSchema>;

/** A preview that could not be made: the reason, plus compile issues naming rule and field when that is why. */
export const previewRefusalSchema = z.object({
  routerId: z.string(),
  message: z.string(),
  routerMessage: z.string().nullable(),
  issues: z.array(compileIssueSchema),
});
export type PreviewRefusal = z.infer<typeof previewRefusalSchema>;
