import { z } from "zod";
import { makeRule } from "./make-rule";
import { newRuleId } from "./new-id";
import { interfaceNameSchema, ruleSetContentSchema, type RuleSetContent } from "./schema";
import { addressSpecSchema, findDuplicateSpecs } from "./validate-address";

/**
 * Starting points for a new rule set. The catalogue is data the UI renders as a form; `buildFromTemplate`
 * checks the params with the same address and interface rules as the editor and returns ready content.
 */

export const TEMPLATE_IDS = [
  "block-incoming-except-trusted",
  "block-outgoing-except-trusted",
  "basic-edge-router",
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export type TemplateParam = { name: string; label: string; kind: "addresses" | "interface"; help: string };
export type TemplateInfo = { id: TemplateId; title: string; description: string; params: TemplateParam[] };

export type TemplateIssue = { path: (string | number)[]; message: string };
export type BuildTemplateResult = { ok: true; content: RuleSetContent } | { ok: false; issues: TemplateIssue[] };

/** Trusted addresses go into one address list with this name, so the admin later edits the list, not rules. */
export const TRUSTED_LIST = "trusted";

const trustedParam: TemplateParam = {
  name: "trusted",
  label: "Trusted addresses",
  kind: "addresses",
  help: "Addresses, prefixes or ranges, e.g. 192.0.2.10, 10.0.0.0/8, 2001:db8::/32. Stored in the address list 'trusted'.",
};

export const TEMPLATES: readonly TemplateInfo[] = [
  {
    id: "block-incoming-except-trusted",
    title: "Block all incoming traffic except from a trusted address",
    description:
      "Traffic to the router itself is dropped unless it answers the router's own connections or comes from a trusted address.",
    params: [trustedParam],
  },
  {
    id: "block-outgoing-except-trusted",
    title: "Block all outgoing traffic except to a trusted address",
    description:
      "Traffic from the router itself is dropped unless it answers an existing connection or goes to a trusted address.",
    params: [trustedParam],
  },
  {
    id: "basic-edge-router",
    title: "Basic edge router",
    description:
      "Drops invalid packets, accepts replies and everything from the LAN, and drops all other traffic to the router from the WAN.",
    params: [
      {
        name: "lan",
        label: "LAN interface",
        kind: "interface",
        help: "The interface (or bridge) facing your own network, e.g. bridge or br-lan.",
      },
      {
        name: "wan",
        label: "WAN interface",
        kind: "interface",
        help: "The interface facing the internet, e.g. ether1 or wan.",
      },
    ],
  },
];

const trustedParamsSchema = z.object({
  trusted: z
    .array(addressSpecSchema)
    .min(1, "add at least one trusted address")
    .superRefine((values, ctx) => {
      for (const d of findDuplicateSpecs(values)) ctx.addIssue({ code: "custom", path: [d.index], message: d.message });
    }),
});

const edgeParamsSchema = z
  .object({ lan: interfaceNameSchema, wan: interfaceNameSchema })
  .refine((p) => p.lan !== p.wan, { path: ["wan"], message: "the WAN interface must differ from the LAN interface" });

export function buildFromTemplate(id: string, params: unknown, newId: () => string = newRuleId): BuildTemplateResult {
  const rule = (fields: Parameters<typeof makeRule>[0]) => makeRule(fields, newId);
  let content: RuleSetContent;

  switch (id as TemplateId) {
    case "block-incoming-except-trusted":
    case "block-outgoing-except-trusted": {
      const parsed = trustedParamsSchema.safeParse(params);
      if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
      const incoming = id === "block-incoming-except-trusted";
      const chain = incoming ? "input" : "output";
      const trusted = { kind: "list", list: TRUSTED_LIST, negate: false } as const;
      content = {
        rules: [
          rule({ chain, states: ["established", "related"], comment: "accept replies to existing connections" }),
          incoming
            ? rule({ chain, src: trusted, comment: "accept from trusted addresses" })
            : rule({ chain, dst: trusted, comment: "accept to trusted addresses" }),
          rule({
            chain,
            action: "drop",
            comment: incoming ? "drop all other incoming traffic" : "drop all other outgoing traffic",
          }),
        ],
        addressLists: [
          { name: TRUSTED_LIST, entries: parsed.data.trusted.map((address) => ({ address, comment: "" })) },
        ],
      };
      break;
    }
    case "basic-edge-router": {
      const parsed = edgeParamsSchema.safeParse(params);
      if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
      const { lan, wan } = parsed.data;
      content = {
        rules: [
          rule({ action: "drop", states: ["invalid"], comment: "drop invalid packets" }),
          rule({ states: ["established", "related"], comment: "accept replies to existing connections" }),
          rule({ inInterface: lan, comment: "accept from the LAN" }),
          rule({ action: "drop", inInterface: wan, comment: "drop all other traffic from the WAN" }),
        ],
        addressLists: [],
      };
      break;
    }
    default:
      return { ok: false, issues: [{ path: [], message: `there is no template '${id}'` }] };
  }

  // Templates are code, so content that fails the schema is a bug here, not bad input.
  return { ok: true, content: ruleSetContentSchema.parse(content) };
}

function toIssues(error: z.ZodError): TemplateIssue[] {
  return error.issues.map((i) => ({ path: i.path.filter((p) => typeof p !== "symbol"), message: i.message }));
}
