import { parseAddressSpec } from "../address";
import { ruleLabel } from "../describe";
import { natRuleLabel } from "../describe-nat";
import { natRulesOf } from "../make-nat-rule";
import type { NatRule, RuleSetContent } from "../schema";
import type { AnalysisOptions } from "./analyze-rule-set";
import type { Finding } from "./findings";
import { testPacket } from "./packet-tester";

/**
 * NAT findings (docs/nat.md "Analysis"):
 * - nat-blocked: a port forward whose translated packet the forward chain does not accept. Checked with the
 *   forward's own example packet (a new connection from its source, or 198.51.100.1, to its first port), so the
 *   message names that packet: other packets of the forward may fare differently when filter rules split them.
 * - nat-duplicate: a port forward that an earlier one takes every packet of (same in-interface, protocol,
 *   destination and source, its ports inside the earlier one's): the router uses only the first.
 */
export function natFindings(content: RuleSetContent, opts?: AnalysisOptions): Finding[] {
  const nat = natRulesOf(content);
  const findings: Finding[] = [];
  // a raw NAT rule's kind only describes it: the analysis cannot decide it and says nothing about it
  const forwards = nat.filter((n) => n.enabled && n.kind === "port-forward" && !n.raw);
  forwards.forEach((n, i) => {
    const earlier = forwards.slice(0, i).find((e) => overlaps(e, n));
    if (earlier) {
      const all = covers(earlier, n);
      findings.push({
        ruleId: n.id,
        severity: "warning",
        kind: "nat-duplicate",
        byRuleIds: [earlier.id],
        message: `${natRuleLabel(nat, n.id)} ${all ? "never forwards anything" : "loses some of its ports"}: ${natRuleLabel(nat, earlier.id)} forwards the same ${portWords(n)} first`,
      });
      return;
    }
    const packet = examplePacket(n);
    if (!packet) return;
    const result = testPacket(content, packet, opts);
    if (result.verdict === "accept") return;
    const by =
      result.decidedBy === "default-policy"
        ? `no forward rule accepts it and the forward chain's policy ${result.verdict}s it`
        : `${ruleLabel(content.rules, result.decidedBy)} ${result.verdict}s it`;
    findings.push({
      ruleId: n.id,
      severity: "error",
      kind: "nat-blocked",
      byRuleIds: result.decidedBy === "default-policy" ? [] : [result.decidedBy],
      message: `${natRuleLabel(nat, n.id)} forwards to ${packet.dst}${packet.dstPort ? `:${packet.dstPort}` : ""}, but the filter drops it: a new connection from ${packet.src} is forwarded and ${by}`,
    });
  });
  return findings;
}

function examplePacket(n: NatRule) {
  if (n.protocol !== "tcp" && n.protocol !== "udp") return null;
  const src = n.src.kind === "addresses" && !n.src.negate ? firstAddress(n.src.values[0]) : "198.51.100.1";
  if (!src || !parseAddressSpec(n.toAddress).ok) return null;
  const port = n.dstPorts[0]?.from;
  return {
    chain: "forward" as const,
    inInterface: n.inInterface,
    src,
    dst: n.toAddress,
    protocol: n.protocol,
    srcPort: 40000,
    dstPort: n.toPort ?? port,
    state: "new" as const,
  };
}

function firstAddress(text: string | undefined): string | null {
  const spec = text === undefined ? null : parseAddressSpec(text);
  if (!spec?.ok || spec.family !== "ipv4") return null;
  const v = spec.from;
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".");
}

/** Whether some packet matches both forwards on the fields that tell forwards of one port apart. */
function overlaps(a: NatRule, b: NatRule): boolean {
  if (a.inInterface !== b.inInterface) return false;
  if (a.protocol !== "any" && b.protocol !== "any" && a.protocol !== b.protocol) return false;
  if (a.dst.kind !== "any" && b.dst.kind !== "any" && JSON.stringify(a.dst) !== JSON.stringify(b.dst)) return false;
  if (a.dstPorts.length === 0 || b.dstPorts.length === 0) return true;
  return b.dstPorts.some((p) => a.dstPorts.some((q) => q.from <= p.to && p.from <= q.to));
}

/** Whether forward `a` takes every packet `b` would: same match but ports, and b's ports inside a's. */
function covers(a: NatRule, b: NatRule): boolean {
  if (a.inInterface !== b.inInterface) return false;
  if (a.protocol !== "any" && a.protocol !== b.protocol) return false;
  if (JSON.stringify(a.dst) !== JSON.stringify(b.dst) && a.dst.kind !== "any") return false;
  if (JSON.stringify(a.src) !== JSON.stringify(b.src) && a.src.kind !== "any") return false;
  if (a.dstPorts.length === 0) return true;
  if (b.dstPorts.length === 0) return false;
  return b.dstPorts.every((p) => a.dstPorts.some((q) => q.from <= p.from && p.to <= q.to));
}

function portWords(n: NatRule): string {
  const proto = n.protocol === "any" ? "" : `${n.protocol} `;
  return n.dstPorts.length
    ? `${proto}port ${n.dstPorts.map((p) => (p.from === p.to ? p.from : `${p.from}-${p.to}`)).join(",")}`
    : `${proto}ports`;
}
