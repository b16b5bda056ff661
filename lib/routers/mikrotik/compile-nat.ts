import { parseAddressSpec } from "@/lib/rules/address";
import { natRulesOf } from "@/lib/rules/make-nat-rule";
import type { AddressMatch, NatRule, RuleSetContent } from "@/lib/rules/schema";
import type { CompileIssue, DesiredItem } from "../driver";
import { firstNonCp1252 } from "./cp1252-check";
import { canonicalAddress } from "./firewall-props";
import { formatManagedComment } from "./managed-comment";
import { compileRawNat } from "./raw-rules";

/**
 * NAT rules -> /ip/firewall/nat rows (docs/nat.md "RouterOS"), owned like filter rows: the comment starts with
 * `rampart:<rule id>`. A port forward is `chain=dstnat action=dst-nat to-addresses= [to-ports=]`; masquerade
 * `chain=srcnat action=masquerade out-interface=`; source NAT to an address `action=src-nat to-addresses=`.
 * Several literal addresses on one side are refused (a NAT row takes one address, prefix or range, and Rampart
 * does not build per-rule lists for NAT): use an address list. A raw NAT rule (lib/rules/raw-rule.ts) is its
 * props verbatim, checked against the NAT menu's grammar (raw-grammar.ts), in its place.
 */
export function compileNat(content: RuleSetContent): { items: DesiredItem[]; issues: CompileIssue[] } {
  const items: DesiredItem[] = [];
  const issues: CompileIssue[] = [];
  const lists = new Set(content.addressLists.map((l) => l.name));
  natRulesOf(content).forEach((n, i) => {
    const issue = (field: string, message: string) =>
      // ruleIndex counts filter rules only; the field path says which NAT rule (lib/push/preview.ts issueText).
      issues.push({ ruleId: n.id, ruleIndex: null, field: `nat.${i}.${field}`, message });
    const before = issues.length;
    if (n.raw) return compileRaw(n, issue, items);
    for (const [field, value] of [
      ["comment", n.comment],
      ["inInterface", n.inInterface],
      ["outInterface", n.outInterface],
    ] as const) {
      const bad = value === null ? null : firstNonCp1252(value);
      if (bad) issue(field, `'${bad}' cannot be stored on RouterOS (windows-1252 only)`);
    }
    const fields: Record<string, string> =
      n.kind === "port-forward"
        ? { chain: "dstnat", action: "dst-nat" }
        : { chain: "srcnat", action: n.kind === "masquerade" ? "masquerade" : "src-nat" };
    if (n.protocol !== "any") fields.protocol = String(n.protocol);
    for (const side of ["src", "dst"] as const) {
      const m: AddressMatch = n[side];
      const neg = m.kind !== "any" && m.negate ? "!" : "";
      if (m.kind === "list") {
        if (!lists.has(m.list)) issue(`${side}.list`, `address list '${m.list}' is not in this rule set`);
        fields[`${side}-address-list`] = neg + m.list;
      } else if (m.kind === "addresses") {
        if (m.values.length > 1) {
          issue(`${side}.values`, "a RouterOS NAT rule takes one address, prefix or range here; use an address list");
          continue;
        }
        const spec = parseAddressSpec(m.values[0]);
        if (!spec.ok || spec.family !== "ipv4") issue(`${side}.values.0`, `${m.values[0]} is not an IPv4 address`);
        else fields[`${side}-address`] = neg + canonicalAddress(m.values[0])!;
      }
    }
    if (n.dstPorts.length)
      fields["dst-port"] = n.dstPorts.map((p) => (p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`)).join(",");
    if (n.inInterface !== null) fields["in-interface"] = n.inInterface;
    if (n.outInterface !== null) fields["out-interface"] = n.outInterface;
    if (n.toAddress !== "") fields["to-addresses"] = canonicalAddress(n.toAddress) ?? n.toAddress;
    if (n.toPort !== null) fields["to-ports"] = String(n.toPort);
    if (n.log) fields.log = "true";
    if (!n.enabled) fields.disabled = "true";
    try {
      fields.comment = formatManagedComment(n.id, n.comment);
    } catch {
      issue("id", `${n.id} cannot be used as a RouterOS ownership tag`);
    }
    if (issues.length > before) return;
    items.push({ key: n.id, kind: "nat", family: "ipv4", ruleId: n.id, fields });
  });
  return { items, issues };
}

function compileRaw(n: NatRule, issue: (field: string, message: string) => void, items: DesiredItem[]): void {
  const bad = firstNonCp1252(n.comment);
  if (bad) return issue("comment", `'${bad}' cannot be stored on RouterOS (windows-1252 only)`);
  let comment: string;
  try {
    comment = formatManagedComment(n.id, n.comment);
  } catch {
    return issue("id", `${n.id} cannot be used as a RouterOS ownership tag`);
  }
  const fields = compileRawNat(n, comment, issue);
  if (fields) items.push({ key: n.id, kind: "nat", family: "ipv4", ruleId: n.id, fields });
}
