import { interfaceMatchText } from "./interface-roles";
import { describeAddressMatch } from "./describe";
import { formatPorts } from "./ports";
import { formatRawProps } from "./raw-rule";
import type { Rule } from "./schema";

/** The rule fields a person edits, with the label and the text a diff or history view shows for a value. */
export type RuleField = Exclude<keyof Rule, "id">;

export const RULE_FIELDS = [
  "enabled",
  "chain",
  "action",
  "family",
  "protocol",
  "src",
  "srcPorts",
  "dst",
  "dstPorts",
  "inInterface",
  "outInterface",
  "states",
  "log",
  "logPrefix",
  "comment",
  "raw",
  "icmpTypes",
  "natState",
  "ttl",
  "rateLimit",
] as const satisfies readonly RuleField[];

// A Record over the field union: a new rule field without a label or formatter fails to compile.
export const RULE_FIELD_LABELS: Record<RuleField, string> = {
  enabled: "enabled",
  chain: "chain",
  action: "action",
  family: "family",
  protocol: "protocol",
  src: "source",
  srcPorts: "source ports",
  dst: "destination",
  dstPorts: "destination ports",
  inInterface: "in-interface",
  outInterface: "out-interface",
  states: "connection states",
  log: "log",
  logPrefix: "log prefix",
  comment: "comment",
  raw: "raw rule",
  icmpTypes: "ICMP types",
  natState: "NAT state",
  ttl: "TTL / hop limit",
  rateLimit: "rate limit",
};

const text = (value: string) => (value === "" ? "(none)" : value);

const FORMATTERS: { [F in RuleField]: (value: Rule[F]) => string } = {
  enabled: (v) => (v ? "enabled" : "disabled"),
  chain: (v) => v,
  action: (v) => v,
  family: (v) => (v === "both" ? "ipv4 and ipv6" : v),
  protocol: (v) => String(v),
  src: describeAddressMatch,
  srcPorts: (v) => (v.length === 0 ? "any" : formatPorts(v)),
  dst: describeAddressMatch,
  dstPorts: (v) => (v.length === 0 ? "any" : formatPorts(v)),
  inInterface: interfaceMatchText,
  outInterface: interfaceMatchText,
  states: (v) => (v.length === 0 ? "any" : v.join(",")),
  log: (v) => (v ? "yes" : "no"),
  logPrefix: text,
  comment: text,
  raw: (v) => (v === undefined ? "(none)" : `${v.vendor} ${v.type}: ${formatRawProps(v.props).replace(/\n/g, " ")}`),
  icmpTypes: (v) =>
    v?.length ? v.map((t) => (t.code === undefined ? `${t.type}` : `${t.type}/${t.code}`)).join(", ") : "any",
  natState: (v) => v ?? "any",
  ttl: (v) => (v ? `${v.op} ${v.value}` : "any"),
  rateLimit: (v) => (v ? `${v.rate}/${v.per} burst ${v.burst}` : "none"),
};

export function formatRuleField<F extends RuleField>(field: F, value: Rule[F]): string {
  return FORMATTERS[field](value);
}
