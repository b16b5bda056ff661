import { z } from "zod";
import { addressSpecSchema, findDuplicateSpecs } from "./validate-address";
import { checkRuleSetContent } from "./validate-content";
import { MAX_ENTRIES_PER_ADDRESS_LIST, MAX_RULES_PER_RULE_SET, tooManyRulesMessage } from "./limits";
import { checkRule } from "./validate-rule";
import { multilineTextSchema, nameTextSchema } from "@/lib/validation/text-rules";
import { routerTextSchema } from "./validate-text";
import { rawRuleSchema } from "./raw-rule";
import { checkNatContent, checkNatRule } from "./validate-nat";
import { matcherFields } from "./matchers";
import { roleMatchSchema } from "./interface-roles";

/**
 * The vendor-free rule model. Zod is the single source of the types: every boundary (forms, API bodies,
 * JSON read back from the database, imports) parses through these schemas, and `z.infer` gives the types.
 * Address, text and cross-field checks that need a message of their own live in ./validate-*.ts and are wired
 * in here. Parsing of address text itself is in ./address.ts.
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
export const protocolSchema = z.union(
  [
    z.enum(NAMED_PROTOCOLS),
    z
      .number()
      .min(0, "protocol number must be 0-255")
      .max(255, "protocol number must be 0-255")
      .refine(Number.isInteger, "protocol number must be a whole number"),
  ],
  { error: "protocol must be any, tcp, udp, icmp, icmpv6 or a number 0-255" },
);

export const ruleIdSchema = z
  .string()
  .regex(/^r[a-z0-9]{6,24}$/, "rule id must be 'r' followed by 6-24 lowercase letters or digits");
export const listNameSchema = z
  .string()
  .min(1, "list name is required")
  .max(48, "list name must be at most 48 characters")
  .regex(/^([A-Za-z][A-Za-z0-9_-]*)?$/, "list name must start with a letter and use only letters, digits, '_' and '-'");
export const interfaceNameSchema = z
  .string()
  .min(1, "interface name is required")
  .max(32, "interface name must be at most 32 characters")
  .regex(/^([A-Za-z0-9][A-Za-z0-9._@+-]*)?$/, "interface name may use only letters, digits and . _ @ + -");

/** A plain interface name (revisions before roles hold only these) or a role (./interface-roles.ts). */
export const interfaceMatchSchema = z.union([interfaceNameSchema, roleMatchSchema], {
  error: (i) =>
    typeof i.input === "string"
      ? undefined
      : "interface must be an interface name or a role match { kind: 'role', role, negate }",
});
export type InterfaceMatch = z.infer<typeof interfaceMatchSchema>;

export type Chain = z.infer<typeof chainSchema>;
export type Action = z.infer<typeof actionSchema>;
export type Family = z.infer<typeof familySchema>;
export type ConnState = z.infer<typeof connStateSchema>;
export type Protocol = z.infer<typeof protocolSchema>;

/**
 * One address entry as typed by an admin: a single address ("10.0.0.1", "2001:db8::1"), a CIDR prefix
 * ("10.0.0.0/8"), or an inclusive range ("10.0.0.1-10.0.0.9"). Exact parsing with messages such as
 * "10.0.0.300 is not an IPv4 address" is done by `addressSpecSchema` (./validate-address.ts).
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
      if (p[k] < 1 || p[k] > 65535)
        ctx.addIssue({ code: "custom", path: [k], message: `port ${p[k]} is outside 1-65535` });
    }
    if (p.from > p.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: `port range ${p.from}-${p.to} is backwards` });
  });
export type PortRange = z.infer<typeof portRangeSchema>;

export const MAX_ADDRESSES_PER_MATCH = 64;
export const MAX_PORT_RANGES = 64;

const addressValuesSchema = z
  .array(addressSpecSchema)
  .min(1, "add at least one address")
  .max(MAX_ADDRESSES_PER_MATCH, `at most ${MAX_ADDRESSES_PER_MATCH} addresses; use an address list for more`)
  .superRefine((values, ctx) => {
    for (const d of findDuplicateSpecs(values)) ctx.addIssue({ code: "custom", path: [d.index], message: d.message });
  });

/** Source or destination: anything, literal addresses, or an address list of the same rule set. */
export const addressMatchSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("any") }),
  z.object({ kind: z.literal("addresses"), values: addressValuesSchema, negate: z.boolean() }),
  z.object({ kind: z.literal("list"), list: listNameSchema, negate: z.boolean() }),
]);
export type AddressMatch = z.infer<typeof addressMatchSchema>;

const portRangesSchema = z.array(portRangeSchema).max(MAX_PORT_RANGES, `at most ${MAX_PORT_RANGES} port ranges`);

export const commentSchema = routerTextSchema("comment", 255);
export const logPrefixSchema = routerTextSchema("log prefix", 32);

/** The fields of a rule, each checked on its own; `ruleSchema` adds the checks between fields. */
export const ruleFieldsSchema = z.object({
  id: ruleIdSchema,
  chain: chainSchema,
  action: actionSchema,
  family: familySchema,
  protocol: protocolSchema,
  src: addressMatchSchema,
  dst: addressMatchSchema,
  srcPorts: portRangesSchema,
  dstPorts: portRangesSchema,
  inInterface: interfaceMatchSchema.nullable(),
  outInterface: interfaceMatchSchema.nullable(),
  states: z.array(connStateSchema),
  log: z.boolean(),
  logPrefix: logPrefixSchema,
  comment: commentSchema,
  enabled: z.boolean(),
  /** A vendor raw rule (./raw-rule.ts). Optional, not defaulted: content stored before it parses and hashes unchanged. */
  raw: rawRuleSchema.optional(),
  ...matcherFields,
});

export const ruleSchema = ruleFieldsSchema.superRefine(checkRule);
export type Rule = z.infer<typeof ruleSchema>;

export const addressListEntrySchema = z.object({
  address: addressSpecSchema,
  comment: commentSchema,
});
export type AddressListEntry = z.infer<typeof addressListEntrySchema>;

export const addressListSchema = z
  .object({
    name: listNameSchema,
    entries: z
      .array(addressListEntrySchema)
      .max(
        MAX_ENTRIES_PER_ADDRESS_LIST,
        `an address list holds at most ${MAX_ENTRIES_PER_ADDRESS_LIST.toLocaleString("en-US")} entries`,
      ),
  })
  .superRefine((list, ctx) => {
    for (const d of findDuplicateSpecs(list.entries.map((e) => e.address))) {
      ctx.addIssue({ code: "custom", path: ["entries", d.index, "address"], message: d.message });
    }
  });
export type AddressList = z.infer<typeof addressListSchema>;

/**
 * NAT rules (docs/nat.md): port forwards (destination NAT) and source NAT, masquerade or to an address. IPv4
 * only. They live beside the filter rules in the same rule set; a rule set stored before them has no `nat` key,
 * and an empty list is left out of the canonical form (lib/rulesets/content-hash.ts), so its hash is unchanged.
 */
export const NAT_KINDS = ["port-forward", "masquerade", "snat"] as const;
export const natKindSchema = z.enum(NAT_KINDS);
export type NatKind = z.infer<typeof natKindSchema>;

export const natRuleFieldsSchema = z.object({
  id: ruleIdSchema,
  kind: natKindSchema,
  family: z.literal("ipv4", { error: "NAT rules are IPv4 only" }),
  protocol: protocolSchema,
  src: addressMatchSchema,
  dst: addressMatchSchema,
  dstPorts: portRangesSchema,
  inInterface: interfaceNameSchema.nullable(),
  outInterface: interfaceNameSchema.nullable(),
  /** Port forward: the inside host; snat: the address packets leave with; masquerade: "". */
  toAddress: z.string().trim(),
  /** Port forward: the inside port (null: unchanged). */
  toPort: z
    .number()
    .int("port must be a whole number")
    .min(1, "port must be 1-65535")
    .max(65535, "port must be 1-65535")
    .nullable(),
  log: z.boolean(),
  comment: commentSchema,
  enabled: z.boolean(),
  /**
   * A vendor raw NAT rule (./raw-rule.ts), as for filter rules: optional, never defaulted, so NAT content stored
   * before it parses and hashes unchanged. With it, the modelled fields above only describe the rule.
   */
  raw: rawRuleSchema.optional(),
});
export const natRuleSchema = natRuleFieldsSchema.superRefine(checkNatRule);
export type NatRule = z.infer<typeof natRuleSchema>;
export const natRulesSchema = z
  .array(natRuleSchema)
  .max(MAX_RULES_PER_RULE_SET, { error: (i) => tooManyRulesMessage((i.input as unknown[]).length) });

/** The limit is checked on the array's length before any rule is parsed, so an oversized set costs nothing. */
export const rulesArraySchema = z
  .array(ruleSchema)
  .max(MAX_RULES_PER_RULE_SET, { error: (i) => tooManyRulesMessage((i.input as unknown[]).length) });

const contentSchemaWith = (rules: z.ZodArray<typeof ruleSchema>) =>
  z
    .object({ rules, addressLists: z.array(addressListSchema), nat: natRulesSchema.optional() })
    .superRefine(checkRuleSetContent)
    .superRefine(checkNatContent);

/** What each immutable revision snapshots. */
export const ruleSetContentSchema = contentSchemaWith(rulesArraySchema);

/**
 * The same checks without the rule count limit, for reading a router's firewall (lib/routers/decompile-check):
 * a router may hold more rules than a rule set may, and reading them must still work; saving them is refused.
 */
export const unlimitedContentSchema = contentSchemaWith(z.array(ruleSchema));
export type RuleSetContent = z.infer<typeof ruleSetContentSchema>;

/** Lives on the rule set row, not in revisions. */
export const ruleSetMetaSchema = z.object({
  name: nameTextSchema("name", 1, 80),
  description: multilineTextSchema("description", 500),
});
export type RuleSetMeta = z.infer<typeof ruleSetMetaSchema>;
