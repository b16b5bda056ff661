import { pollSettingsSchema } from "@/lib/health/poll-interval";
import { defineOperation } from "../operation";

const pollBody = pollSettingsSchema.refine((s) => s.timeoutSeconds < s.intervalSeconds, { path: ["timeoutSeconds"], message: "timeout must be shorter than the interval" });

export const getPollSettingsOp = defineOperation({
  id: "getHealthPolling", method: "GET", path: "/api/v1/settings/health-polling", summary: "Health poll interval, per-router timeout and concurrency", tag: "Settings", role: "viewer",
  response: pollSettingsSchema,
});

export const putPollSettingsOp = defineOperation({
  id: "setHealthPolling", method: "PUT", path: "/api/v1/settings/health-polling", summary: "Change health polling; the next sweep uses it", tag: "Settings", role: "admin",
  body: pollBody, response: pollSettingsSchema,
});
