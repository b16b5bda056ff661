import { z } from "zod";

/**
 * The vendor-free rule model. Zod is the single source of the types: every boundary (forms, API bodies,
 * JSON read back from the database, imports) parses through these schemas, and `z.infer` gives the types.
 * Address, port and text checks that need a message of their own live in ./validate-*.ts and are wired in here.
 */

export const CHAINS = ["input", "forward", "output"] as const;
export const ACTIONS = ["accept", "drop", "reject"] as const;
export const FAMILIES = ["ipv4", "ipv6", "both"] as const;
export const NAMED_PROTOCOLS = ["any", "tcp", "udp", "icmp", "icmpv6"] as const;
export const CONN_STATES = ["new", "established", "related", "invalid", "untracked"] as const;

export const chainSchema = z.enum(CHAINS);
export const actionSchema = z.enum(ACTIONS);
export const familySchema = z.enum(FAMILIES);
export const connStateSchema = z.enum(CONN_STATES);

/** "any", a named protocol, or an IP protocol number 0-255. */
export const protocolSchema = z.union([
  z.enum(NAMED_PROTOCOLS),
  z.number().int("protocol number must be a whole number").min(0, "protocol number must be 0-255").max(255, "protocol number must be 0-255"),
]);

export const ruleIdSchema = z.string().regex(/^r[a-z0-9]{6,24}$/, "rule id must be 'r' followed by 6-24 lowercase letters or digits");
export const listNameSchema = z
  .string()
  .min(1, "list name is required")
  .max(48, "list name must be at most 48 characters")
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "list name must start with a letter and use only letters, digits, '_' and '-'");
export const interfaceNameSchema = z
  .string()
  .min(1, "interface name is required")
  .max(32, "interface name must be at most 32 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]*$/, "interface name may use only letters, digits and . _ @ + -");

export type Chain = z.infer<typeof chainSchema>;
export type Action = z.infer<typeof actionSchema>;
export type Family = z.infer<typeof familySchema>;
export type ConnState = z.infer<typeof connStateSchema>;
export type Protocol = z.infer<typeof protocolSchema>;

/**
 * One address entry as typed by an admin: a single address ("10.0.0.1", "2001:db8::1"), a CIDR prefix
 * ("10.0.0.0/8"), or an inclusive range ("10.0.0.1-10.0.0.9"). Exact parsing with messages such as
 * "10.0.0.300 is not an IPv4 address" is done by `addressSpecSchema` in ./address.ts (rules helper).
 */
export type AddressText = string;

/** Inclusive port range; a single port has from === to. */
export const portRangeSchema = z
  .object({
    from: z.number().int("port must be a whole number"),
    to: z.number().int("port must be a whole number"),
  })
  .superRefine((p, ctx) => {
    for (const k of ["from", "to"] as const) {
      if (p[k] < 1 || p[k] > 65535) ctx.addIssue({ code: "custom", path: [k], message: `port ${p[k]} is outside 1-65535` });
    }
    if (p.from > p.to) ctx.addIssue({ code: "custom", path: ["to"], message: `port range ${p.from}-${p.to} is backwards` });
  });
export type PortRange = z.infer<typeof portRangeSchema>;
