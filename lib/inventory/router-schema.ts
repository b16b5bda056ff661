import { z } from "zod";
import { VENDORS, vendorProfile, type Vendor } from "@/lib/routers/profiles";
import { TRANSPORTS, transportInfo, type Transport } from "@/lib/routers/transports";
import { parseAddressSpec } from "@/lib/rules/address";
import {
  forbiddenCharMessage,
  multilineTextSchema,
  nameTextSchema,
  secretTextSchema,
} from "@/lib/validation/text-rules";

// The vendor and transport lists are lib/routers/profiles.ts and transports.ts; re-exported for the forms.
export { TRANSPORTS, VENDORS };
export const TLS_MODES = ["verify", "fingerprint", "anonymous-dh"] as const;

export const vendorSchema = z.enum(VENDORS, {
  error: `vendor must be ${VENDORS.map((v) => vendorProfile(v).label).join(" or ")}`,
});
export const transportSchema = z.enum(TRANSPORTS, {
  error: `transport must be ${TRANSPORTS.slice(0, -1).join(", ")} or ${TRANSPORTS.at(-1)}`,
});
export const tlsModeSchema = z.enum(TLS_MODES, { error: "TLS mode must be verify, fingerprint or anonymous-dh" });

// Vendor facts come from the vendors' profiles (lib/routers/<vendor>/profile.ts).
export const vendorLabels = Object.fromEntries(VENDORS.map((v) => [v, vendorProfile(v).label])) as Record<
  Vendor,
  string
>;
export const transportLabels = Object.fromEntries(TRANSPORTS.map((t) => [t, transportInfo(t).label])) as Record<
  Transport,
  string
>;
export const defaultPorts = Object.fromEntries(TRANSPORTS.map((t) => [t, transportInfo(t).defaultPort])) as Record<
  Transport,
  number
>;
export const transportsByVendor = Object.fromEntries(VENDORS.map((v) => [v, vendorProfile(v).transports])) as Record<
  Vendor,
  readonly Transport[]
>;

/** The router's login name is a credential: kept as typed (not trimmed or normalised), but held to the name rule. */
const routerUsernameSchema = z
  .string()
  .min(1, "username is required")
  .max(64, "username must be at most 64 characters")
  .superRefine((s, ctx) => {
    const bad = forbiddenCharMessage("username", s);
    if (bad) ctx.addIssue({ code: "custom", message: bad });
  });

const hostnameRe =
  /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export const hostSchema = z
  .string()
  .trim()
  .min(1, "host is required")
  .max(253, "host must be at most 253 characters")
  .superRefine((h, ctx) => {
    const ip = parseAddressSpec(h);
    if (ip.ok && ip.kind === "host") return;
    if (/^[\d.]+$/.test(h)) return void ctx.addIssue({ code: "custom", message: `${h} is not an IPv4 address` });
    if (h.includes(":")) return void ctx.addIssue({ code: "custom", message: `${h} is not an IPv6 address` });
    if (!hostnameRe.test(h)) ctx.addIssue({ code: "custom", message: `'${h}' is not a valid host name or IP address` });
  });

const fingerprintSchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(
    (s) => /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(s),
    "fingerprint must be the SHA-256 of the certificate as 32 hex pairs (AB:CD:…)",
  );

const pemSchema = z
  .string()
  .trim()
  .max(20_000, "CA certificate is too large")
  .refine(
    (s) => /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(s),
    "CA must be a PEM certificate (-----BEGIN CERTIFICATE-----)",
  );

/** Fields an admin types; secrets are optional on edit (empty keeps the stored one). */
export const routerInputSchema = z
  .object({
    name: nameTextSchema("name", 1, 64),
    vendor: vendorSchema,
    host: hostSchema,
    port: z.coerce
      .number({ error: "port must be a number" })
      .int("port must be a whole number")
      .min(1, "port must be 1-65535")
      .max(65535, "port must be 1-65535"),
    transport: transportSchema,
    username: routerUsernameSchema,
    password: secretTextSchema("password", 256).optional(),
    privateKey: z.string().max(16_000, "private key is too large").optional(),
    site: nameTextSchema("site", 0, 64).default(""),
    tags: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(32, "a tag must be at most 32 characters")
          .regex(/^[\w.-]+$/, "tags may use letters, digits, '.', '_' and '-'"),
      )
      .max(20, "at most 20 tags")
      .default([]),
    notes: multilineTextSchema("notes", 2000).default(""),
    tlsMode: tlsModeSchema.default("verify"),
    tlsCaPem: pemSchema.optional(),
    tlsFingerprint: fingerprintSchema.optional(),
    /** OpenWrt: the host key seen by "Test connection" in this form, pinned on save (trust on first use). */
    hostKeyFingerprint: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, "host key fingerprint must look like SHA256:<43 base64 characters>")
      .optional(),
  })
  .superRefine((r, ctx) => {
    if (!transportsByVendor[r.vendor].includes(r.transport)) {
      ctx.addIssue({
        code: "custom",
        path: ["transport"],
        message: `${vendorLabels[r.vendor]} is managed over ${transportsByVendor[r.vendor].join(" or ")}`,
      });
    }
    if (r.transport === "api-ssl" && r.tlsMode === "fingerprint" && !r.tlsFingerprint) {
      ctx.addIssue({ code: "custom", path: ["tlsFingerprint"], message: "enter the certificate fingerprint to pin" });
    }
    if (
      r.privateKey &&
      !/^-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----\s*$/.test(r.privateKey.trim())
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["privateKey"],
        message: "private key must be in PEM/OpenSSH format (-----BEGIN … PRIVATE KEY-----)",
      });
    }
    if (r.privateKey && !vendorProfile(r.vendor).privateKeyLogin)
      ctx.addIssue({
        code: "custom",
        path: ["privateKey"],
        message: `SSH keys apply to ${VENDORS.filter((v) => vendorProfile(v).privateKeyLogin)
          .map((v) => vendorLabels[v])
          .join(", ")} routers only`,
      });
  });

export type RouterInput = z.infer<typeof routerInputSchema>;
