import { parseAddressSpec } from "@/lib/rules/address";
import { natRulesOf } from "@/lib/rules/make-nat-rule";
import type { AddressMatch, NatRule, RuleSetContent } from "@/lib/rules/schema";
import { rawSummary } from "@/lib/rules/raw-rule";
import type { CompileIssue, DesiredItem } from "../driver";
import { rawVendorLabel } from "../raw-rules";
import type { RoleMap } from "../roles";
import { zoneSide } from "./compile-roles";
import { INTERFACE_MARKER, MAX_NAME } from "./compile-rules";
import { ruleSectionName } from "./managed-names";
import { checkRawSection, RAW_NAT_TYPES } from "./raw-grammar";
import { OPENWRT_VENDOR } from "./raw-sections";
import { flattenSpec, type UciValue } from "./section-spec";

/** Metadata on a NAT item: the model field a zone lookup against the router reports to (planner.ts). */
export const ZONE_FIELD = ".zoneField";

/**
 * NAT rules -> fw4 sections (docs/nat.md "OpenWrt"), owned like rule sections: named `rampart_<id>` (NAT ids share
 * the rule id space). A port forward is one `config redirect` (`target DNAT`, `src` the zone it arrives from,
 * `src_dip`/`src_dport` what it arrives for, `dest_ip`/`dest_port` where it goes, `reflection 0`); masquerade and
 * source NAT to an address are one `config nat` (`src` the zone packets leave by, `target MASQUERADE`/`SNAT`,
 * `snat_ip`), so Rampart never owns a zone's `masq` option.
 *
 * fw4 reads the address and port options of redirect and nat sections as single values (a uci list skips the
 * section), so several addresses or port ranges on one side are refused; address lists too (fw4's nat sections
 * have no set match, and Rampart does not yet write sets for redirects). `reflection 0`: the model forwards what
 * arrives on the in interface only, as RouterOS does; fw4's NAT loopback would also rewrite the LAN's own
 * connections to the router's outside address, and needs the zones' subnets, which Rampart does not read.
 * A raw NAT rule is its redirect or nat section verbatim (rawNatItem).
 */
export function compileNatSections(
  content: RuleSetContent,
  roles?: RoleMap,
): { items: DesiredItem[]; issues: CompileIssue[] } {
  const items: DesiredItem[] = [];
  const issues: CompileIssue[] = [];
  natRulesOf(content).forEach((n, i) => {
    const issue = (field: string, message: string) =>
      // ruleIndex counts filter rules only; the field path says which NAT rule (lib/push/preview.ts issueText)
      issues.push({ ruleId: n.id, ruleIndex: null, field: `nat.${i}.${field}`, message });
    if (n.raw) {
      const item = rawNatItem(n, issue);
      if (item) items.push(item);
      return;
    }
    const item = natSectionItem(n, i, roles, issue);
    if (item) items.push(item);
  });
  return { items, issues };
}

const one = (
  m: AddressMatch,
  side: "src" | "dst",
  issue: (field: string, message: string) => void,
): string | null | false => {
  if (m.kind === "any") return null;
  if (m.kind === "list") {
    issue(`${side}.list`, "OpenWrt NAT rules cannot match an address list yet; write the address or prefix");
    return false;
  }
  if (m.values.length !== 1) {
    issue(`${side}.values`, "an OpenWrt NAT section takes one address, prefix or range on each side");
    return false;
  }
  const spec = parseAddressSpec(m.values[0]);
  if (!spec.ok || spec.family !== "ipv4") {
    issue(`${side}.values.0`, `${m.values[0]} is not an IPv4 address`);
    return false;
  }
  return `${m.negate ? "!" : ""}${m.values[0].trim()}`;
};

function natSectionItem(
  n: NatRule,
  index: number,
  roles: RoleMap | undefined,
  issue: (field: string, message: string) => void,
): DesiredItem | null {
  let bad = false;
  const fail = (field: string, message: string) => {
    bad = true;
    issue(field, message);
  };
  if (n.comment !== "" && (!/^[\x20-\x7e]*$/.test(n.comment) || n.comment.length > MAX_NAME))
    fail("comment", `on OpenWrt the comment becomes the nft rule comment: at most ${MAX_NAME} plain ASCII characters`);
  else if (/["\\]/.test(n.comment))
    fail("comment", 'on OpenWrt the comment becomes the nft rule comment, which cannot hold " or \\');
  const forward = n.kind === "port-forward";
  const zoneField = forward ? "inInterface" : "outInterface";
  const iface = forward ? n.inInterface : n.outInterface;
  let src: string | null = null;
  if (iface === null) {
    // fw4 ties a redirect to the zone it arrives from (`src`, never '*'); "addressed to the router" is no zone
    fail(
      zoneField,
      forward
        ? "fw4 ties every port forward to the zone connections arrive from (option src, '*' refused): set the in interface, e.g. the WAN role"
        : "source NAT needs the out interface packets leave by",
    );
  } else {
    const side = zoneSide(iface, roles);
    if (!side.ok) fail(zoneField, side.message);
    else if (side.side.kind === "zone") src = side.side.zone;
    else if (side.side.kind === "interface") src = `${INTERFACE_MARKER}${side.side.name}`;
  }
  if (n.protocol === 0) fail("protocol", "protocol 0 cannot be matched on OpenWrt (fw4 reads it as 'all')");
  const srcIp = one(n.src, "src", fail);
  const dstIp = one(n.dst, "dst", fail);
  if (n.dstPorts.length > 1) fail("dstPorts", "an OpenWrt NAT section takes one destination port or range");
  if (bad || src === null || srcIp === false || dstIp === false) return null;

  const o: [string, UciValue][] = [];
  if (n.comment !== "") o.push(["name", n.comment]);
  o.push(["src", src]);
  o.push(["family", "ipv4"]);
  // redirects default to tcp+udp and nat sections to all: spelled out either way, one protocol per item
  o.push(["proto", [n.protocol === "any" ? "all" : String(n.protocol)]]);
  if (srcIp !== null) o.push(["src_ip", srcIp]);
  const port = n.dstPorts[0]
    ? `${n.dstPorts[0].from}${n.dstPorts[0].to !== n.dstPorts[0].from ? `-${n.dstPorts[0].to}` : ""}`
    : null;
  if (forward) {
    if (dstIp !== null) o.push(["src_dip", dstIp]);
    if (port !== null) o.push(["src_dport", port]);
    o.push(["dest_ip", n.toAddress.trim()]);
    if (n.toPort !== null) o.push(["dest_port", String(n.toPort)]);
    o.push(["reflection", "0"]);
    o.push(["target", "DNAT"]);
  } else {
    if (dstIp !== null) o.push(["dest_ip", dstIp]);
    if (port !== null) o.push(["dest_port", port]);
    o.push(["target", n.kind === "masquerade" ? "MASQUERADE" : "SNAT"]);
    if (n.kind === "snat") o.push(["snat_ip", n.toAddress.trim()]);
  }
  if (n.log) o.push(["log", "1"]);
  if (!n.enabled) o.push(["enabled", "0"]);
  const name = ruleSectionName(n.id, null);
  const fields = flattenSpec({ type: forward ? "redirect" : "nat", name, options: o });
  fields[ZONE_FIELD] = `nat.${index}.${zoneField}`;
  return { key: name, kind: "nat", family: "ipv4", ruleId: n.id, fields };
}

/**
 * A raw NAT rule (lib/rules/raw-rule.ts) as its section: `rampart_<id>` of its type, the comment as `name`, its
 * props verbatim (checked against fw4's grammar first, raw-grammar.ts), `enabled 0` when disabled. Another
 * vendor's raw NAT rule is refused at `raw`, naming whose it is.
 */
function rawNatItem(n: NatRule, issue: (field: string, message: string) => void): DesiredItem | null {
  const raw = n.raw!;
  if (raw.vendor !== OPENWRT_VENDOR) {
    issue("raw", `this is a ${rawVendorLabel(raw.vendor)} raw NAT rule (${rawSummary(raw)}); OpenWrt cannot run it`);
    return null;
  }
  if (!RAW_NAT_TYPES.includes(raw.type)) {
    issue("raw.type", `an OpenWrt raw NAT rule is a redirect or nat section, not ${raw.type}`);
    return null;
  }
  const problems = checkRawSection(raw.type, raw.props);
  for (const p of problems) issue(p.prop === "type" ? "raw.type" : `raw.props.${p.prop}`, p.message);
  if (problems.length) return null;
  const o: [string, UciValue][] = [];
  if (n.comment !== "") o.push(["name", n.comment]);
  o.push(...Object.entries(raw.props));
  if (!n.enabled) o.push(["enabled", "0"]);
  const name = ruleSectionName(n.id, null);
  return {
    key: name,
    kind: "nat",
    family: "ipv4",
    ruleId: n.id,
    fields: flattenSpec({ type: raw.type, name, options: o }),
  };
}
