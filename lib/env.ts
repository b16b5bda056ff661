import os from "node:os";
import { z } from "zod";
import { parseTrustedProxies } from "./http/forwarded";

/**
 * The server's environment, read in this one place and checked with zod: a value that is set but wrong stops
 * the server at start with a message naming the variable, instead of quietly becoming the default. Unset
 * variables take the defaults below (the README's table lists them all). Tests and the bench may set their own.
 *
 * Read on each call (it is a few string checks), so a test that changes process.env sees the change.
 */

const flag = z.enum(["0", "1"], { error: "must be 0 or 1" }).transform((v) => v === "1");
const whole = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `must be a whole number from ${min} to ${max}`)
        .max(max, `must be a whole number from ${min} to ${max}`),
    );
const nonEmpty = z.string().trim().min(1, "must not be empty");

/** 32 bytes as base64 or 64 hex digits (lib/crypto/credential-key decodes it the same way). */
const credentialKey = nonEmpty.refine(
  (t) => (/^[0-9a-fA-F]{64}$/.test(t) ? true : Buffer.from(t, "base64").length === 32),
  "must be 32 bytes, given as base64 or 64 hex digits",
);

const defaultWorkers = () => Math.min(2, Math.max(1, os.cpus().length - 1));

const shape = {
  DATABASE_URL: nonEmpty.optional(),
  RAMPART_CREDENTIAL_KEY: credentialKey.optional(),
  RAMPART_CREDENTIAL_KEY_FILE: nonEmpty.optional(),
  RAMPART_SECURE_COOKIES: flag.default(false),
  RAMPART_TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message.replace(/^RAMPART_TRUSTED_PROXIES: /, "") });
      }
    }),
  RAMPART_POLL_INTERVAL_S: whole(2, 3600).default(30),
  RAMPART_POLL_TIMEOUT_S: whole(1, 60).default(5),
  RAMPART_DRIFT_INTERVAL_S: whole(2, 86_400).default(300),
  RAMPART_DISABLE_POLLER: flag.default(false),
  RAMPART_PUSH_CONCURRENCY: whole(1, 128).default(64),
  RAMPART_WORKERS: whole(1, 64).optional(),
  RAMPART_WORKER_IDLE_MS: whole(1, 86_400_000).default(20_000),
  RAMPART_PUBLIC_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s]+$/, "must be an http:// or https:// address")
    .optional(),
  PORT: whole(1, 65535).default(3000),
  HOST: nonEmpty.default("0.0.0.0"),
};

const schema = z.object(shape).transform((e) => ({ ...e, RAMPART_WORKERS: e.RAMPART_WORKERS ?? defaultWorkers() }));

export type ServerEnv = z.output<typeof schema>;
export const ENV_VARIABLES = Object.keys(shape) as (keyof typeof shape)[];

export class EnvError extends Error {}

let lastChecked: { key: string; env: ServerEnv } | null = null;

/** The checked environment; throws an EnvError naming every variable that is set but not valid. */
export function serverEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  // An empty value counts as unset, as the old `Number(x) || default` reads did.
  const given = Object.fromEntries(ENV_VARIABLES.map((k) => [k, source[k] === "" ? undefined : source[k]]));
  // Pushes and previews read it once per router (the credential key): checked again only when a value changed.
  const key = JSON.stringify(ENV_VARIABLES.map((k) => given[k] ?? null));
  if (lastChecked?.key === key) return { ...lastChecked.env };
  const r = schema.safeParse(given);
  if (r.success) {
    lastChecked = { key, env: r.data };
    return { ...r.data };
  }
  const lines = r.error.issues.map((i) => {
    const name = String(i.path[0] ?? "environment");
    const value = given[name];
    const shown =
      name === "RAMPART_CREDENTIAL_KEY" || value === undefined ? "" : ` (it is '${String(value).slice(0, 40)}')`;
    return `  ${name} ${i.message}${shown}`;
  });
  throw new EnvError(
    `Rampart cannot start: the environment is not valid.\n${lines.join("\n")}\nSee "Configuration" in README.md.`,
  );
}
