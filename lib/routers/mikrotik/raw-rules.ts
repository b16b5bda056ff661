import { ruleDefaults } from "@/lib/rules/make-rule";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import { listNameSchema, type NatRule, type Rule } from "@/lib/rules/schema";
import type { LiveFirewallItem } from "../driver";
import { isReadOnly, propDefault, type RosFamily } from "./firewall-props";
import { firstNonCp1252 } from "./cp1252-check";
import { parseManagedComment } from "./managed-comment";
import { checkRawFilter, checkRawNat, rawFilterChain } from "./raw-grammar";

/**
 * RouterOS raw rules (lib/rules/raw-rule.ts): a filter or NAT row the model cannot hold, kept as its properties.
 * Read: every writable property but comment and disabled (those are the rule's comment and enabled switch),
 * printed defaults left out (absent and default are one value, field-diff.ts). Compile: the props verbatim, plus
 * the ownership comment and `disabled`. The rule's modelled fields only describe it (chain when it is one of
 * the model's); nothing decides on them.
 */
export const MIKROTIK_VENDOR = "mikrotik";
export const RAW_FILTER_TYPE = "filter";
export const RAW_NAT_TYPE = "nat";

/** A row's props as a raw rule keeps them: writable, not comment or disabled, printed defaults left out. */
function propsOfRow(i: LiveFirewallItem, kind: "filter" | "nat"): Record<string, string> {
  const props: Record<string, string> = {};
  for (const [k, v] of Object.entries(i.raw)) {
    if (isReadOnly(k) || k === "comment" || k === "disabled") continue;
    if (k !== "action" && propDefault(kind, k) === v) continue;
    props[k] = v;
  }
  return props;
}

export function rawRuleOfRow(i: LiveFirewallItem): Omit<Rule, "id" | "family"> {
  const props = propsOfRow(i, "filter");
  const managed = parseManagedComment(i.raw.comment);
  const chain = rawFilterChain(props);
  // the rule's family comes from the table the row was read from (the caller's)
  const { family: _family, ...defaults } = ruleDefaults();
  return {
    ...defaults,
    chain,
    comment: i.managedId !== null && managed ? managed.adminComment : (i.raw.comment ?? ""),
    enabled: !(i.raw.disabled === "true" || i.raw.disabled === "yes"),
    raw: { vendor: MIKROTIK_VENDOR, type: RAW_FILTER_TYPE, props },
  };
}

/**
 * An /ip/firewall/nat row the NAT model cannot hold (ipsec-policy, an interface list, redirect, netmap...) as a raw
 * NAT rule, in its place. Its kind only describes it (dstnat: port forward; srcnat: masquerade or source NAT);
 * the other modelled fields stay at their defaults and decide nothing.
 */
export function rawNatOfRow(i: LiveFirewallItem): Omit<NatRule, "id"> {
  const props = propsOfRow(i, "nat");
  const managed = parseManagedComment(i.raw.comment);
  const kind: NatRule["kind"] =
    props.chain === "srcnat" ? (props.action === "src-nat" ? "snat" : "masquerade") : "port-forward";
  const { id: _id, ...defaults } = makeNatRule({ kind, protocol: "any" }, () => "");
  return {
    ...defaults,
    comment: i.managedId !== null && managed ? managed.adminComment : (i.raw.comment ?? ""),
    enabled: !(i.raw.disabled === "true" || i.raw.disabled === "yes"),
    raw: { vendor: MIKROTIK_VENDOR, type: RAW_NAT_TYPE, props },
  };
}

/** Address lists a RouterOS raw rule uses: they belong to the rule set like the modelled rules' lists. */
export function rawListRefs(rule: Pick<Rule, "raw">): string[] {
  if (rule.raw?.vendor !== MIKROTIK_VENDOR) return [];
  return ["src-address-list", "dst-address-list"].flatMap((k) => {
    const v = rule.raw!.props[k];
    const name = typeof v === "string" ? v.replace(/^!/, "") : "";
    return listNameSchema.safeParse(name).success ? [name] : [];
  });
}

/**
 * A raw rule as the row to push: its props verbatim, `disabled` from the rule, the ownership comment. Issues name
 * the rule's field (`raw.props.<prop>`): another vendor's raw rule, a rule for both tables, a bad property.
 */
export function compileRawRule(
  rule: Rule,
  comment: string,
  issue: (field: string, message: string) => void,
): { family: RosFamily; fields: Record<string, string> } | null {
  const raw = rule.raw!;
  if (raw.vendor !== MIKROTIK_VENDOR || raw.type !== RAW_FILTER_TYPE) {
    issue("raw", `this is ${vendorWord(raw.vendor)} raw ${raw.type} section; RouterOS cannot run it`);
    return null;
  }
  if (rule.family === "both") {
    issue("family", "a RouterOS raw rule lives in one table: family ipv4 (/ip) or ipv6 (/ipv6)");
    return null;
  }
  const problems = checkRawFilter(raw.props, rule.family);
  for (const p of problems) issue(`raw.props.${p.prop}`, p.message);
  if (problems.length) return null;
  const fields: Record<string, string> = { ...(raw.props as Record<string, string>) };
  if (!rule.enabled) fields.disabled = "true";
  fields.comment = comment;
  return { family: rule.family, fields };
}

/**
 * A raw NAT rule as its /ip/firewall/nat row: props verbatim, `disabled` from the rule, the ownership comment.
 * Issues name the field under the NAT rule's path (`raw`, `raw.props.<prop>`).
 */
export function compileRawNat(
  n: NatRule,
  comment: string,
  issue: (field: string, message: string) => void,
): Record<string, string> | null {
  const raw = n.raw!;
  if (raw.vendor !== MIKROTIK_VENDOR || raw.type !== RAW_NAT_TYPE) {
    issue("raw", `this is ${vendorWord(raw.vendor)} raw ${raw.type} section; RouterOS cannot run it as a NAT row`);
    return null;
  }
  const problems = checkRawNat(raw.props);
  // values reach the router through windows-1252 like every text (docs/rulings.md)
  for (const [prop, value] of Object.entries(raw.props)) {
    const bad = typeof value === "string" ? firstNonCp1252(value) : null;
    if (bad) problems.push({ prop, message: `'${bad}' cannot be stored on RouterOS (windows-1252 only)` });
  }
  for (const p of problems) issue(`raw.props.${p.prop}`, p.message);
  if (problems.length) return null;
  const fields: Record<string, string> = { ...(raw.props as Record<string, string>) };
  if (!n.enabled) fields.disabled = "true";
  fields.comment = comment;
  return fields;
}

function vendorWord(vendor: string): string {
  return vendor === "openwrt" ? "an OpenWrt" : `a ${vendor}`;
}
