import { z } from "zod";
import { pollSettingsBodySchema, pollSettingsSchema } from "@/lib/health/poll-interval";
import { planRetentionSchema } from "@/lib/push/plan-retention";
import { defineOperation } from "../operation";

export const getPollSettingsOp = defineOperation({
  id: "getHealthPolling",
  method: "GET",
  path: "/api/v1/settings/health-polling",
  summary: "Health poll interval, per-router timeout and concurrency",
  tag: "Settings",
  role: "viewer",
  response: pollSettingsSchema,
});

export const putPollSettingsOp = defineOperation({
  id: "setHealthPolling",
  method: "PUT",
  path: "/api/v1/settings/health-polling",
  summary: "Change health polling; the next sweep uses it",
  tag: "Settings",
  role: "admin",
  body: pollSettingsBodySchema,
  response: pollSettingsSchema,
});

export const getPlanRetentionOp = defineOperation({
  id: "getPlanRetention",
  method: "GET",
  path: "/api/v1/settings/plan-retention",
  summary:
    "Days a push plan's full detail is kept after its last use (summaries are kept for ever; plans of queued, running or unknown deployments and each router's newest are always kept)",
  tag: "Settings",
  role: "viewer",
  response: planRetentionSchema,
});

export const putPlanRetentionOp = defineOperation({
  id: "setPlanRetention",
  method: "PUT",
  path: "/api/v1/settings/plan-retention",
  summary: "Change plan retention; older plan detail is pruned at once (audited)",
  tag: "Settings",
  role: "admin",
  body: planRetentionSchema,
  response: planRetentionSchema.extend({ pruned: z.number(), deleted: z.number() }),
});
