import { describeAddressMatch } from "./describe";
import { formatPorts } from "./ports";
import { formatRawProps } from "./raw-rule";
import type { NatRule } from "./schema";

/**
 * One line of plain English per NAT rule: "forward tcp port 8080 in via ether1 to 192.168.88.10:80",
 * "masquerade from lan out via ether1". As describeRule, enabled state is left to the caller.
 */
export function describeNatRule(n: NatRule): string {
  // a raw NAT rule is its vendor's own words (the modelled fields say nothing), as describeRule does for filters
  if (n.raw) return `raw ${n.raw.type}: ${formatRawProps(n.raw.props).replace(/\n/g, " ")}`;
  const proto =
    n.protocol === "any" ? "" : typeof n.protocol === "number" ? `protocol ${n.protocol} ` : `${n.protocol} `;
  const parts: string[] = [];
  if (n.kind === "port-forward") {
    parts.push(`forward ${proto}${n.dstPorts.length ? `port ${formatPorts(n.dstPorts)}` : "every port"}`.trim());
    if (n.src.kind !== "any") parts.push("from", describeAddressMatch(n.src));
    if (n.dst.kind !== "any") parts.push("to", describeAddressMatch(n.dst));
    if (n.inInterface !== null) parts.push("in via", n.inInterface);
    parts.push("to", n.toPort === null ? n.toAddress : `${n.toAddress}:${n.toPort}`);
  } else {
    parts.push(n.kind === "masquerade" ? "masquerade" : `source NAT to ${n.toAddress}`);
    if (proto) parts.push(proto.trim());
    if (n.src.kind !== "any") parts.push("from", describeAddressMatch(n.src));
    if (n.dst.kind !== "any") parts.push("to", describeAddressMatch(n.dst));
    if (n.dstPorts.length) parts.push("port", formatPorts(n.dstPorts));
    if (n.outInterface !== null) parts.push("out via", n.outInterface);
  }
  if (n.log) parts.push("and log");
  return parts.join(" ");
}

/** "NAT #1 web server" / "NAT #2 forward tcp port 22 ...": how messages name a NAT rule. */
export function natRuleLabel(nat: readonly NatRule[], id: string): string | null {
  const i = nat.findIndex((n) => n.id === id);
  if (i < 0) return null;
  const n = nat[i];
  return `NAT #${i + 1} ${n.comment || describeNatRule(n)}`;
}
