import { z } from "zod";
import { db } from "@/lib/db/client";
import { serverEnv } from "@/lib/env";

export const pollSettingsSchema = z.object({
  intervalSeconds: z
    .number()
    .int("interval must be whole seconds")
    .min(2, "interval must be 2-3600 s")
    .max(3600, "interval must be 2-3600 s"),
  timeoutSeconds: z
    .number()
    .int("timeout must be whole seconds")
    .min(1, "timeout must be 1-60 s")
    .max(60, "timeout must be 1-60 s"),
  concurrency: z.number().int().min(1, "concurrency must be 1-256").max(256, "concurrency must be 1-256"),
  /**
   * A pushed router's firewall is read and compared with its revision on the first poll at least this long after
   * the last read; the poll in between is a login and a status read. Reading every table of every router on
   * every poll is what made a 2,000-router sweep take minutes, and loads each router as much.
   */
  driftSeconds: z
    .number()
    .int("drift check interval must be whole seconds")
    .min(2, "drift check interval must be 2-86400 s")
    .max(86_400, "drift check interval must be 2-86400 s"),
});
export type PollSettings = z.infer<typeof pollSettingsSchema>;

/** The API's body: a client that predates the drift interval leaves it as it is. */
export const pollSettingsBodySchema = pollSettingsSchema
  .extend({ driftSeconds: pollSettingsSchema.shape.driftSeconds.optional() })
  .superRefine(relations);

function relations(s: { intervalSeconds: number; timeoutSeconds: number }, ctx: z.RefinementCtx): void {
  if (s.timeoutSeconds >= s.intervalSeconds)
    ctx.addIssue({ code: "custom", path: ["timeoutSeconds"], message: "timeout must be shorter than the interval" });
}

const whole = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, `${label} must be a whole number`)
    .transform(Number);

/** The same rules for form text: "abc" or "-3" get a message at the field, not a NaN. */
export const pollSettingsFormSchema = z
  .object({
    intervalSeconds: whole("interval"),
    timeoutSeconds: whole("timeout"),
    concurrency: whole("concurrency"),
    driftSeconds: whole("drift check interval"),
  })
  .pipe(pollSettingsSchema)
  .superRefine(relations);

const KEY = "health.poll";

/**
 * Settings page value, else environment (RAMPART_POLL_INTERVAL_S, RAMPART_POLL_TIMEOUT_S,
 * RAMPART_DRIFT_INTERVAL_S), else 30 s / 5 s / 32 / 300 s. A value saved before a field existed takes that field
 * from the environment.
 */
export async function loadPollSettings(): Promise<PollSettings> {
  const { RAMPART_POLL_INTERVAL_S, RAMPART_POLL_TIMEOUT_S, RAMPART_DRIFT_INTERVAL_S } = serverEnv();
  const env = {
    intervalSeconds: RAMPART_POLL_INTERVAL_S,
    timeoutSeconds: RAMPART_POLL_TIMEOUT_S,
    concurrency: 32,
    driftSeconds: RAMPART_DRIFT_INTERVAL_S,
  };
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return env;
  const stored = pollSettingsSchema.safeParse({ ...env, ...JSON.parse(row.value) });
  return stored.success ? stored.data : env;
}

export async function savePollSettings(s: PollSettings): Promise<void> {
  await db.setting.upsert({
    where: { key: KEY },
    create: { key: KEY, value: JSON.stringify(s) },
    update: { value: JSON.stringify(s) },
  });
}

/** The audit log's line for a change of these settings (API and settings page alike). */
export function pollSummary(s: PollSettings): string {
  return `Health polling: every ${s.intervalSeconds} s, timeout ${s.timeoutSeconds} s, ${s.concurrency} at once; firewall compared every ${s.driftSeconds} s`;
}
