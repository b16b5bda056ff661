import { formatPortRange, parsePorts } from "@/lib/rules/ports";
import { formatRawProps, parseRawProps, type RawRule } from "@/lib/rules/raw-rule";
import { checkRawRule, rawListOption, rawRuleChain } from "@/lib/routers/raw-rules";
import { interfaceMatchText, parseInterfaceText } from "@/lib/rules/interface-roles";
import {
  NAMED_PROTOCOLS,
  type Action,
  type AddressMatch,
  type Chain,
  type ConnState,
  type Family,
  type PortRange,
  type Rule,
} from "@/lib/rules/schema";
import { draftToMatchers, matchersToDraft, type MatcherDraft } from "./matcher-draft";

/**
 * The side panel edits a draft, not a Rule: text the admin is still typing (ports, a protocol number) has to
 * survive being wrong, and fields the current choices switch off (ports on icmp, out-interface on input) keep
 * their text so switching back restores it. `draftToRule` builds the rule the schema then judges.
 */
export type MatchDraft = { kind: AddressMatch["kind"]; values: string[]; list: string; negate: boolean };
export type ProtocolChoice = (typeof NAMED_PROTOCOLS)[number] | "number";

export type RuleDraft = {
  id: string;
  chain: Chain;
  action: Action;
  family: Family;
  protocol: ProtocolChoice;
  protocolNumber: string;
  src: MatchDraft;
  dst: MatchDraft;
  srcPorts: string[];
  dstPorts: string[];
  inInterface: string;
  outInterface: string;
  states: ConnState[];
  log: boolean;
  logPrefix: string;
  comment: string;
  enabled: boolean;
  /** A vendor raw rule (lib/rules/raw-rule.ts): its vendor and type, and its props as the text being typed. */
  raw?: Pick<RawRule, "vendor" | "type">;
  rawText: string;
} & MatcherDraft;

function matchToDraft(m: AddressMatch): MatchDraft {
  if (m.kind === "addresses") return { kind: "addresses", values: m.values, list: "", negate: m.negate };
  if (m.kind === "list") return { kind: "list", values: [], list: m.list, negate: m.negate };
  return { kind: "any", values: [], list: "", negate: false };
}

export function ruleToDraft(rule: Rule): RuleDraft {
  const numbered = typeof rule.protocol === "number";
  return {
    ...rule,
    protocol: numbered ? "number" : (rule.protocol as ProtocolChoice),
    protocolNumber: numbered ? String(rule.protocol) : "",
    src: matchToDraft(rule.src),
    dst: matchToDraft(rule.dst),
    srcPorts: rule.srcPorts.map(formatPortRange),
    dstPorts: rule.dstPorts.map(formatPortRange),
    inInterface: rule.inInterface === null ? "" : interfaceMatchText(rule.inInterface),
    outInterface: rule.outInterface === null ? "" : interfaceMatchText(rule.outInterface),
    raw: rule.raw ? { vendor: rule.raw.vendor, type: rule.raw.type } : undefined,
    rawText: rule.raw ? formatRawProps(rule.raw.props) : "",
    ...matchersToDraft(rule),
  };
}

export const portsApply = (d: Pick<RuleDraft, "protocol">) => d.protocol === "tcp" || d.protocol === "udp";
export const inInterfaceApplies = (d: Pick<RuleDraft, "chain">) => d.chain !== "output";
export const outInterfaceApplies = (d: Pick<RuleDraft, "chain">) => d.chain !== "input";

export type BuiltRule = {
  rule: Rule;
  /** Messages found before the schema runs, keyed like widget keys ("srcPorts.chip.2", "protocol"). */
  local: Record<string, string>;
  /** Which chip each PortRange came from, so a schema issue at "dstPorts.1.from" lands on its chip. */
  portChips: { srcPorts: number[]; dstPorts: number[] };
};

function buildMatch(d: MatchDraft): AddressMatch {
  if (d.kind === "addresses") return { kind: "addresses", values: d.values, negate: d.negate };
  if (d.kind === "list") return { kind: "list", list: d.list, negate: d.negate };
  return { kind: "any" };
}

function buildPorts(
  field: "srcPorts" | "dstPorts",
  chips: string[],
  local: Record<string, string>,
): { ranges: PortRange[]; chipOf: number[] } {
  const ranges: PortRange[] = [];
  const chipOf: number[] = [];
  chips.forEach((chip, i) => {
    const parsed = parsePorts(chip);
    if (!parsed.ok) local[`${field}.chip.${i}`] = parsed.message;
    else
      for (const r of parsed.ranges) {
        ranges.push(r);
        chipOf.push(i);
      }
  });
  return { ranges, chipOf };
}

export function draftToRule(d: RuleDraft): BuiltRule {
  const local: Record<string, string> = {};
  let protocol: Rule["protocol"] = d.protocol === "number" ? Number.NaN : d.protocol;
  if (d.protocol === "number") {
    const text = d.protocolNumber.trim();
    if (/^[0-9]{1,3}$/.test(text)) protocol = Number(text);
    else
      local.protocol =
        text === "" ? "enter a protocol number 0-255" : `'${text}' is not a protocol number; enter 0-255`;
  }
  const withPorts = portsApply(d);
  const src = withPorts ? buildPorts("srcPorts", d.srcPorts, local) : { ranges: [], chipOf: [] };
  const dst = withPorts ? buildPorts("dstPorts", d.dstPorts, local) : { ranges: [], chipOf: [] };
  // "role lan" / "not role lan" are roles (lib/rules/interface-roles.ts), anything else an interface name
  const iface = (text: string, applies: boolean) => (applies ? parseInterfaceText(text) : null);
  const rule: Rule = {
    id: d.id,
    chain: d.chain,
    action: d.action,
    family: d.family,
    protocol: Number.isNaN(protocol) ? "any" : protocol,
    src: buildMatch(d.src),
    dst: buildMatch(d.dst),
    srcPorts: src.ranges,
    dstPorts: dst.ranges,
    inInterface: iface(d.inInterface, inInterfaceApplies(d)),
    outInterface: iface(d.outInterface, outInterfaceApplies(d)),
    states: d.states,
    log: d.log,
    logPrefix: d.log ? d.logPrefix : "",
    comment: d.comment,
    enabled: d.enabled,
    ...draftToMatchers(d, local),
  };
  if (d.raw) {
    rule.raw = buildRaw(d.raw, d.rawText, d.family, local);
    // the chain a raw rule is about comes from its props, as on import
    rule.chain = rawRuleChain(rule.raw) ?? rule.chain;
  }
  return { rule, local, portChips: { srcPorts: src.chipOf, dstPorts: dst.chipOf } };
}

/** The property text back to props, checked against the vendor's grammar; problems at the `raw` widget. */
function buildRaw(
  raw: Pick<RawRule, "vendor" | "type">,
  text: string,
  family: Family,
  local: Record<string, string>,
): RawRule {
  const parsed = parseRawProps(text, (name) => rawListOption(raw.vendor, raw.type, name));
  if (!parsed.ok) {
    local.raw = parsed.message;
    return { ...raw, props: {} };
  }
  const issues = checkRawRule({ ...raw, props: parsed.props }, family);
  if (issues.length) local.raw = issues.map((i) => i.message).join("; ");
  return { ...raw, props: parsed.props };
}
