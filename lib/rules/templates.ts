import { z } from "zod";
import { makeRule } from "./make-rule";
import { newRuleId } from "./new-id";
import { interfaceNameSchema, ruleSetContentSchema, type RuleSetContent } from "./schema";
import { addressSpecSchema, findDuplicateSpecs } from "./validate-address";
import { roleMatch } from "./interface-roles";

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

export type TemplateParam = {
  name: string;
  label: string;
  kind: "addresses" | "interface" | "switch";
  help: string;
  /** The form offers to fill it with the address a router sees Rampart connect from. */
  fromRouter?: boolean;
};
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

/** Rampart's own address as the router sees it (and admins' PCs): the lockout guard needs it accepted. */
export const MANAGEMENT_LIST = "management";

const managementParam: TemplateParam = {
  name: "management",
  label: "Management address or network",
  kind: "addresses",
  help: "Where Rampart (and you) manage the router from: without it the first push is refused, as it would lock Rampart out. Stored in the address list 'management'.",
  fromRouter: true,
};

const lanServicesParam: TemplateParam = {
  name: "lanServices",
  label: "Keep the router's DNS and DHCP working for role lan",
  kind: "switch",
  help: "Accepts DNS (53), DHCP (67) and DHCPv6 (547) to the router from the interfaces each router maps to role lan.",
};

export const TEMPLATES: readonly TemplateInfo[] = [
  {
    id: "block-incoming-except-trusted",
    title: "Block all incoming traffic except from a trusted address",
    description:
      "Traffic to the router itself is dropped unless it answers the router's own connections, comes from the management or a trusted address, or is IPv6 neighbour discovery.",
    params: [managementParam, trustedParam, lanServicesParam],
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

const addressesSchema = z.array(addressSpecSchema).superRefine((values, ctx) => {
  for (const d of findDuplicateSpecs(values)) ctx.addIssue({ code: "custom", path: [d.index], message: d.message });
});

const trustedParamsSchema = z.object({
  trusted: addressesSchema.min(1, "add at least one trusted address"),
});

// management and lanServices came later: API callers that leave them out get the template as it was, plus the
// ICMPv6 rule (dropping neighbour discovery broke IPv6 on every router the template reached).
const incomingParamsSchema = trustedParamsSchema.extend({
  management: addressesSchema.default([]),
  lanServices: z.boolean().default(false),
});

const edgeParamsSchema = z
  .object({ lan: interfaceNameSchema, wan: interfaceNameSchema })
  .refine((p) => p.lan !== p.wan, { path: ["wan"], message: "the WAN interface must differ from the LAN interface" });

export function buildFromTemplate(id: string, params: unknown, newId: () => string = newRuleId): BuildTemplateResult {
  const rule = (fields: Parameters<typeof makeRule>[0]) => makeRule(fields, newId);
  let content: RuleSetContent;

  switch (id as TemplateId) {
    case "block-incoming-except-trusted":
      return incomingTemplate(params, rule);
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

type RuleMaker = (fields: Parameters<typeof makeRule>[0]) => ReturnType<typeof makeRule>;

function incomingTemplate(params: unknown, rule: RuleMaker): BuildTemplateResult {
  const parsed = incomingParamsSchema.safeParse(params);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  const { trusted, management, lanServices } = parsed.data;
  const list = (name: string) => ({ kind: "list", list: name, negate: false }) as const;
  const lan = roleMatch("lan");
  const content: RuleSetContent = {
    rules: [
      rule({ states: ["established", "related"], comment: "accept replies to existing connections" }),
      ...(management.length ? [rule({ src: list(MANAGEMENT_LIST), comment: "accept from management (Rampart)" })] : []),
      rule({ src: list(TRUSTED_LIST), comment: "accept from trusted addresses" }),
      // neighbour discovery and router advertisements are ICMPv6: without them IPv6 stops working on the link
      rule({ family: "ipv6", protocol: "icmpv6", comment: "accept ICMPv6 (IPv6 neighbour discovery)" }),
      ...(lanServices
        ? [
            rule({
              protocol: "udp",
              dstPorts: [port(53), port(67)],
              inInterface: lan,
              comment: "DNS and DHCP from LAN",
            }),
            rule({ protocol: "tcp", dstPorts: [port(53)], inInterface: lan, comment: "DNS over TCP from the LAN" }),
            rule({
              family: "ipv6",
              protocol: "udp",
              dstPorts: [port(547)],
              inInterface: lan,
              comment: "DHCPv6 from LAN",
            }),
          ]
        : []),
      rule({ action: "drop", comment: "drop all other incoming traffic" }),
    ],
    addressLists: [
      ...(management.length ? [{ name: MANAGEMENT_LIST, entries: management.map(entry) }] : []),
      { name: TRUSTED_LIST, entries: trusted.map(entry) },
    ],
  };
  return { ok: true, content: ruleSetContentSchema.parse(content) };
}

const port = (n: number) => ({ from: n, to: n });
const entry = (address: string) => ({ address, comment: "" });

/**
 * What a template will block, in words, for the form to show before anything is created: the admin sees what
 * stays open (and so what is dropped) without reading rules.
 */
export function describeTemplate(
  id: string,
  params: { management?: string[]; trusted?: string[]; lanServices?: boolean },
) {
  const list = (xs: string[] | undefined) => (xs && xs.length ? xs.join(", ") : "(none yet)");
  switch (id as TemplateId) {
    case "block-incoming-except-trusted":
      return [
        "Blocks every new connection to the router itself, from any interface and address family, except:",
        `from the management address ${list(params.management)};`,
        `from the trusted addresses ${list(params.trusted)};`,
        "ICMPv6, so IPv6 neighbour discovery keeps working;",
        ...(params.lanServices ? ["DNS, DHCP and DHCPv6 from the interfaces a router maps to role lan;"] : []),
        "and replies to connections the router opened itself. Traffic through the router (forward) is not touched.",
      ].join(" ");
    case "block-outgoing-except-trusted":
      return `Blocks every new connection the router itself opens, except to the trusted addresses ${list(params.trusted)}; replies to connections made to the router still pass.`;
    case "basic-edge-router":
      return "Blocks invalid packets and every new connection to the router from the WAN interface; the LAN and replies pass.";
    default:
      return "";
  }
}

function toIssues(error: z.ZodError): TemplateIssue[] {
  return error.issues.map((i) => ({ path: i.path.filter((p) => typeof p !== "symbol"), message: i.message }));
}
