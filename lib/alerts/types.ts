import { z } from "zod";

/** What Rampart alerts on: each is recorded where the state change itself is recorded. */
export const ALERT_TYPES = [
  "router-down",
  "router-up",
  "drift-detected",
  "push-failed",
  "push-rolled-back",
  "push-unknown",
  "host-key-changed",
] as const;
export const alertTypeSchema = z.enum(ALERT_TYPES, { error: `must be one of ${ALERT_TYPES.join(", ")}` });
export type AlertType = z.infer<typeof alertTypeSchema>;

export const alertTypeLabels: Record<AlertType, string> = {
  "router-down": "Router down",
  "router-up": "Router back up",
  "drift-detected": "Drift detected",
  "push-failed": "Push failed",
  "push-rolled-back": "Push rolled back",
  "push-unknown": "Push outcome unknown",
  "host-key-changed": "Host key or certificate changed",
};

export const SMTP_SECURITY = ["starttls", "tls", "none"] as const;

const email = z.string().trim().max(254).email("must be an e-mail address");
const name = z.string().trim().min(1, "must not be empty").max(80, "at most 80 characters");
const events = z.array(alertTypeSchema).min(1, "choose at least one alert type").max(ALERT_TYPES.length);
/** Which routers' alerts a channel takes: those in any of `sites` or among `routerIds`; both empty, every router's. */
const routing = {
  sites: z
    .array(z.string().trim().min(1, "must not be empty").max(100, "at most 100 characters"))
    .max(100, "at most 100 sites")
    .default([]),
  routerIds: z.array(z.string().trim().min(1).max(100)).max(1000, "at most 1000 routers").default([]),
};
/** Write-only; omitted on update keeps the stored one. */
const secret = z.string().min(1, "must not be empty").max(512, "at most 512 characters");

export const webhookConfigSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .url("must be a URL")
    .refine((u) => /^https?:\/\//i.test(u), "must start with http:// or https://"),
});

export const smtpConfigSchema = z.object({
  host: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(253)
    .regex(/^[A-Za-z0-9.:\-[\]]+$/, "must be a host name or address"),
  port: z.number().int().min(1, "must be from 1 to 65535").max(65535, "must be from 1 to 65535"),
  security: z.enum(SMTP_SECURITY, { error: "must be starttls, tls or none" }),
  username: z.string().trim().max(254).default(""),
  from: email,
  to: z.array(email).min(1, "give at least one recipient").max(20, "at most 20 recipients"),
});

export const channelInputSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("webhook"),
    name,
    events,
    ...routing,
    enabled: z.boolean().default(true),
    config: webhookConfigSchema,
    secret: secret.optional(),
  }),
  z.object({
    kind: z.literal("smtp"),
    name,
    events,
    ...routing,
    enabled: z.boolean().default(true),
    config: smtpConfigSchema,
    secret: secret.optional(),
  }),
]);
export type ChannelInput = z.infer<typeof channelInputSchema>;

export const channelViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["webhook", "smtp"]),
  enabled: z.boolean(),
  events: z.array(alertTypeSchema),
  /** Only alerts of routers in these sites or among these routers; both empty: every router's. */
  sites: z.array(z.string()),
  routerIds: z.array(z.string()),
  config: z.union([webhookConfigSchema, smtpConfigSchema]),
  /** Whether a secret (webhook signing secret, SMTP password) is stored; the secret itself never leaves the server. */
  hasSecret: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelView = z.infer<typeof channelViewSchema>;

export const sendResultSchema = z.object({
  ok: z.boolean(),
  /** What the far end answered: "HTTP 200" or the SMTP reply line */
  result: z.string().nullable(),
  error: z.string().nullable(),
});
export type SendResult = z.infer<typeof sendResultSchema>;

export const muteInputSchema = z
  .object({
    routerId: z.string().trim().min(1).max(100).optional(),
    site: z.string().trim().min(1).max(100).optional(),
    until: z.iso.datetime({ offset: true, error: "must be a date and time (ISO 8601)" }),
    reason: z.string().trim().max(200).default(""),
  })
  .superRefine((m, ctx) => {
    // Named at the field that is extra (site) or missing (routerId), so a form shows it in the right place.
    if (m.routerId && m.site)
      ctx.addIssue({ code: "custom", path: ["site"], message: "give either a router or a site, not both" });
    if (!m.routerId && !m.site)
      ctx.addIssue({ code: "custom", path: ["routerId"], message: "give either a router or a site" });
  })
  .refine((m) => new Date(m.until).getTime() > Date.now(), { path: ["until"], message: "must be in the future" });

export const muteViewSchema = z.object({
  id: z.string(),
  routerId: z.string().nullable(),
  routerName: z.string().nullable(),
  site: z.string().nullable(),
  until: z.string(),
  reason: z.string(),
  createdBy: z.string(),
});

export const alertSettingsSchema = z.object({
  throttleMinutes: z.number().int().min(0, "must be from 0 to 1440").max(1440, "must be from 0 to 1440"),
});
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

export const deliveryViewSchema = z.object({
  /** Null once the channel was removed; the name is the one it had. */
  channelId: z.string().nullable(),
  channelName: z.string(),
  status: z.enum(["pending", "sending", "delivered", "failed"]),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastResult: z.string().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

export const eventViewSchema = z.object({
  id: z.string(),
  type: alertTypeSchema,
  routerId: z.string().nullable(),
  routerName: z.string(),
  site: z.string(),
  summary: z.string(),
  link: z.string(),
  at: z.string(),
  disposition: z.enum(["delivered", "muted", "throttled"]),
  foldedCount: z.number(),
  deliveries: z.array(deliveryViewSchema),
});
export type EventView = z.infer<typeof eventViewSchema>;
