import { formatRawProps } from "./raw-rule";
import { describeConditions, describeIcmpTypes } from "./matchers";
import { formatPorts } from "./ports";
import { interfaceMatchText } from "./interface-roles";
import type { AddressMatch, PortRange, Rule } from "./schema";

/**
 * One line of plain English per rule, the way an admin reads it aloud:
 * "accept tcp from office to any port 22 on input in via ether1 if new".
 * Whether the rule is disabled is left to the caller, which shows it its own way (badge, strike-through).
 */

const MAX_LISTED_ADDRESSES = 3;

export function describeRule(rule: Rule): string {
  // a raw rule is its vendor's own words: the props, one line (the rule's modelled fields say nothing)
  if (rule.raw)
    return `raw ${rule.raw.type}${rule.family !== "both" ? ` ${rule.family}` : ""}: ${formatRawProps(rule.raw.props).replace(/\n/g, " ")}`;
  const parts: string[] = [rule.action];
  if (rule.family !== "both") parts.push(rule.family);
  if (rule.protocol !== "any")
    parts.push(typeof rule.protocol === "number" ? `protocol ${rule.protocol}` : rule.protocol);
  const icmp = describeIcmpTypes(rule);
  if (icmp) parts.push(icmp);
  parts.push("from", describeEndpoint(rule.src, rule.srcPorts));
  parts.push("to", describeEndpoint(rule.dst, rule.dstPorts));
  parts.push("on", rule.chain);
  if (rule.inInterface !== null) parts.push("in via", interfaceMatchText(rule.inInterface));
  if (rule.outInterface !== null) parts.push("out via", interfaceMatchText(rule.outInterface));
  if (rule.states.length > 0) parts.push("if", rule.states.join(","));
  parts.push(...describeConditions(rule));
  if (rule.log) parts.push(rule.logPrefix === "" ? "and log" : `and log as '${rule.logPrefix}'`);
  return parts.join(" ");
}

function describeEndpoint(match: AddressMatch, ports: readonly PortRange[]): string {
  const where = describeAddressMatch(match);
  return ports.length === 0 ? where : `${where} port ${formatPorts(ports)}`;
}

/** "any", "office", "not 10.0.0.0/8", "10.0.0.1, 10.0.0.2, 10.0.0.3 and 2 more". */
export function describeAddressMatch(match: AddressMatch): string {
  if (match.kind === "any") return "any";
  const what = match.kind === "list" ? match.list : describeAddressValues(match.values);
  return match.negate ? `not ${what}` : what;
}

function describeAddressValues(values: readonly string[]): string {
  if (values.length <= MAX_LISTED_ADDRESSES) return values.join(", ");
  return `${values.slice(0, MAX_LISTED_ADDRESSES).join(", ")} and ${values.length - MAX_LISTED_ADDRESSES} more`;
}

/**
 * How messages name a rule: its number in the rule set and its comment, or what it does when it has none
 * ("#2 SSH from office"). Never the internal id, which means nothing to the person reading.
 */
export function ruleLabel(rules: readonly Rule[], ruleId: string): string | null {
  const i = rules.findIndex((r) => r.id === ruleId);
  return i < 0 ? null : ruleLabelAt(rules, i);
}

function ruleLabelAt(rules: readonly Rule[], i: number): string {
  return `#${i + 1} ${rules[i].comment || describeRule(rules[i])}`;
}

/**
 * ruleLabel for many ids of one rule set: the rules indexed once, each label made once. A search per id made a
 * 2,000-rule plan, live view or drift list quadratic.
 */
export function ruleLabeller(rules: readonly Rule[]): (ruleId: string) => string | null {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const made = new Map<number, string>();
  return (ruleId) => {
    const i = index.get(ruleId);
    if (i === undefined) return null;
    let label = made.get(i);
    if (label === undefined) made.set(i, (label = ruleLabelAt(rules, i)));
    return label;
  };
}
