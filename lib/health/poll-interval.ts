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
});
export type PollSettings = z.infer<typeof pollSettingsSchema>;

const whole = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, `${label} must be a whole number`)
    .transform(Number);

/** The same rules for form text: "abc" or "-3" get a message at the field, not a NaN. */
export const pollSettingsFormSchema = z
  .object({ intervalSeconds: whole("interval"), timeoutSeconds: whole("timeout"), concurrency: whole("concurrency") })
  .pipe(pollSettingsSchema)
  .refine((s) => s.timeoutSeconds < s.intervalSeconds, {
    path: ["timeoutSeconds"],
    message: "timeout must be shorter than the interval",
  });

const KEY = "health.poll";

/** Settings page value, else environment (RAMPART_POLL_INTERVAL_S, RAMPART_POLL_TIMEOUT_S), else 30 s / 5 s / 32. */
export async function loadPollSettings(): Promise<PollSettings> {
  const { RAMPART_POLL_INTERVAL_S, RAMPART_POLL_TIMEOUT_S } = serverEnv();
  const env = { intervalSeconds: RAMPART_POLL_INTERVAL_S, timeoutSeconds: RAMPART_POLL_TIMEOUT_S, concurrency: 32 };
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return env;
  const stored = pollSettingsSchema.safeParse(JSON.parse(row.value));
  return stored.success ? stored.data : env;
}

export async function savePollSettings(s: PollSettings): Promise<void> {
  await db.setting.upsert({
    where: { key: KEY },
    create: { key: KEY, value: JSON.stringify(s) },
    update: { value: JSON.stringify(s) },
  });
}
