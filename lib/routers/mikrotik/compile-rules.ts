import { parseAddressSpec } from "@/lib/rules/address";
import type { AddressMatch, Rule, RuleSetContent } from "@/lib/rules/schema";
import type { CompileIssue, CompileNote, CompileResult, DesiredItem } from "../driver";
import { compileNat } from "./compile-nat";
import { matcherIssues, matcherProps } from "./compile-matchers";
import { firstNonCp1252 } from "./cp1252-check";
import { canonicalAddress, rangeToPrefixes, type RosFamily } from "./firewall-props";
import { formatManagedComment, listManagedId } from "./managed-comment";
import { splitTags } from "./split-rule";
import { compileRawRule } from "./raw-rules";
import { interfaceFields } from "./compile-roles";
import type { RoleMap } from "../roles";

/**
 * Vendor-free rule set -> RouterOS filter rules and address-list entries (see README.md "Compiling").
 *
 * - family both: one rule in /ip and one in /ipv6 (same rule id, told apart by the table). Literal addresses
 *   are split by family; a side that has addresses but none of a family makes that family's rule unable to
 *   match, so it is left out and a note says so (negated: "not any of these" matches every packet of the other
 *   family, so the side simply has no condition there).
 * - several addresses on one side: RouterOS takes one address, prefix or range per `src-address`, so they go
 *   into a managed address list `rampart.<ruleId>.src|dst` (a name no rule-set list can have: those never
 *   contain '.') and the rule matches `[!]src-address-list=`. The list holds exactly those addresses.
 * - IPv6 ranges become the fewest prefixes covering the same addresses (IPv6 firewall addresses are prefixes).
 * - reject: `reject-with` is written explicitly with the router's own default per family, so the rule reads
 *   back the same on every version.
 * - every text goes through the windows-1252 check: a character node-routeros would turn into `?` is a
 *   CompileIssue at that field (docs/rulings.md §5).
 */
const REJECT_WITH: Record<RosFamily, string> = { ipv4: "icmp-network-unreachable", ipv6: "icmp-no-route" };
const STATE_ORDER = ["established", "related", "new", "invalid", "untracked"];

export function compileRuleSet(content: RuleSetContent, roles?: RoleMap): CompileResult {
  const issues: CompileIssue[] = [];
  const notes: CompileNote[] = [];
  const lists: DesiredItem[] = [];
  const filters: Record<RosFamily, DesiredItem[]> = { ipv4: [], ipv6: [] };
  const listNames = new Set(content.addressLists.map((l) => l.name));

  content.addressLists.forEach((list, li) => {
    const seen = new Set<string>();
    list.entries.forEach((entry, ei) => {
      const at = (f: string): Omit<CompileIssue, "message"> => ({
        ruleId: null,
        ruleIndex: null,
        field: `addressLists.${li}.entries.${ei}.${f}`,
      });
      const bad = firstNonCp1252(entry.comment);
      if (bad)
        return issues.push({ ...at("comment"), message: `'${bad}' cannot be stored on RouterOS (windows-1252 only)` });
      const values = splitAddress(entry.address);
      if (!values)
        return issues.push({ ...at("address"), message: `${entry.address} is not an address, prefix or range` });
      for (const v of values) {
        const key = `${list.name} ${v.address}`;
        if (seen.has(`${v.family} ${key}`)) continue; // two spellings of one address: one entry on the router
        seen.add(`${v.family} ${key}`);
        lists.push(
          listItem(list.name, v.family, v.address, formatManagedComment(listManagedId(list.name), entry.comment), null),
        );
      }
    });
  });

  const tags = splitTags(content.rules);
  content.rules.forEach((rule, index) => {
    const issue = (field: string, message: string) =>
      issues.push({ ruleId: rule.id, ruleIndex: index, field, message });
    const before = issues.length;
    if (rule.raw) return compileRaw(rule, tags.get(rule.id) ?? rule.id, issue, filters);
    checkRule(rule, listNames, issue);
    // the IPv6 half of a rule adopted as two keeps the tag (and per-rule lists) of the rule it came from
    const tag = tags.get(rule.id) ?? rule.id;
    let comment = "";
    try {
      comment = formatManagedComment(tag, rule.comment);
    } catch {
      issue("id", `${rule.id} cannot be used as a RouterOS ownership tag`);
    }
    const ifaceFields: Record<string, string> = {};
    for (const [dir, m] of [
      ["in", rule.inInterface],
      ["out", rule.outInterface],
    ] as const) {
      if (m === null) continue;
      const r = interfaceFields(dir, m, roles);
      if (r.ok) Object.assign(ifaceFields, r.fields);
      else issue(`${dir}Interface`, r.message);
    }
    if (issues.length > before) return;

    const families: RosFamily[] = rule.family === "both" ? ["ipv4", "ipv6"] : [rule.family];
    const made: RosFamily[] = [];
    for (const family of families) {
      const skip = (why: string) => {
        if (rule.family === "both")
          notes.push({
            ruleId: rule.id,
            message: `no ${family === "ipv4" ? "IPv4" : "IPv6"} rule on RouterOS: ${why}`,
          });
        else issue("family", why);
      };
      if (rule.protocol === "icmp" && family === "ipv6") {
        skip("protocol icmp exists only in IPv4");
        continue;
      }
      if (rule.protocol === "icmpv6" && family === "ipv4") {
        skip("protocol icmpv6 exists only in IPv6");
        continue;
      }
      const fields: Record<string, string> = { chain: rule.chain, action: rule.action };
      if (rule.action === "reject") fields["reject-with"] = REJECT_WITH[family];
      if (rule.protocol !== "any") fields.protocol = String(rule.protocol);
      let unmatchable: string | null = null;
      for (const side of ["src", "dst"] as const) {
        const r = compileSide(tag === rule.id ? rule : { ...rule, id: tag }, side, family);
        if (r.kind === "none") {
          unmatchable = `its ${side === "src" ? "sources" : "destinations"} are all ${family === "ipv4" ? "IPv6" : "IPv4"}`;
          break;
        }
        Object.assign(fields, r.fields);
        lists.push(...r.entries);
      }
      if (unmatchable) {
        skip(unmatchable);
        continue;
      }
      if (rule.srcPorts.length) fields["src-port"] = rule.srcPorts.map(portText).join(",");
      if (rule.dstPorts.length) fields["dst-port"] = rule.dstPorts.map(portText).join(",");
      Object.assign(fields, ifaceFields);
      if (rule.states.length)
        fields["connection-state"] = STATE_ORDER.filter((s) => rule.states.includes(s as Rule["states"][number])).join(
          ",",
        );
      Object.assign(fields, matcherProps(rule, family));
      if (rule.log) fields.log = "true";
      if (rule.log && rule.logPrefix) fields["log-prefix"] = rule.logPrefix;
      if (!rule.enabled) fields.disabled = "true";
      fields.comment = comment;
      filters[family].push({ key: tag, kind: "filter", family, ruleId: rule.id, fields });
      made.push(family);
    }
    if (made.length === 0 && rule.family === "both") issue("dst", "no packet can match this rule in either family");
  });

  const nat = compileNat(content);
  issues.push(...nat.issues);
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    desired: { items: [...filters.ipv4, ...filters.ipv6, ...nat.items, ...dedupeLists(lists)], notes },
  };
}

/** A raw rule is its props verbatim (raw-rules.ts), in its place in its table. */
function compileRaw(
  rule: Rule,
  tag: string,
  issue: (field: string, message: string) => void,
  filters: Record<RosFamily, DesiredItem[]>,
): void {
  let comment: string;
  try {
    comment = formatManagedComment(tag, rule.comment);
  } catch {
    return issue("id", `${rule.id} cannot be used as a RouterOS ownership tag`);
  }
  const bad = firstNonCp1252(rule.comment);
  if (bad) return issue("comment", `'${bad}' cannot be stored on RouterOS (windows-1252 only)`);
  const row = compileRawRule(rule, comment, issue);
  if (row)
    filters[row.family].push({ key: tag, kind: "filter", family: row.family, ruleId: rule.id, fields: row.fields });
}

/** Per-rule lists are built per family; a named list's entries are unique already. */
function dedupeLists(items: DesiredItem[]): DesiredItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = `${i.family} ${i.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function listItem(
  list: string,
  family: RosFamily,
  address: string,
  comment: string,
  ruleId: string | null,
): DesiredItem {
  return { key: `${list} ${address}`, kind: "address-list-entry", family, ruleId, fields: { list, address, comment } };
}

/** One admin-typed address as the router's spellings (an IPv6 range becomes prefixes). */
function splitAddress(text: string): { family: RosFamily; address: string }[] | null {
  const spec = parseAddressSpec(text);
  if (!spec.ok) return null;
  if (spec.family === "ipv6" && spec.kind === "range")
    return rangeToPrefixes("ipv6", spec.from, spec.to).map((address) => ({ family: "ipv6", address }));
  return [{ family: spec.family, address: canonicalAddress(text)! }];
}

type SideResult = { kind: "ok"; fields: Record<string, string>; entries: DesiredItem[] } | { kind: "none" };

function compileSide(rule: Rule, side: "src" | "dst", family: RosFamily): SideResult {
  const match: AddressMatch = rule[side];
  if (match.kind === "any") return { kind: "ok", fields: {}, entries: [] };
  const neg = match.negate ? "!" : "";
  if (match.kind === "list") return { kind: "ok", fields: { [`${side}-address-list`]: neg + match.list }, entries: [] };
  const values = match.values.flatMap((v) => splitAddress(v) ?? []).filter((v) => v.family === family);
  const unique = [...new Set(values.map((v) => v.address))];
  if (unique.length === 0) return match.negate ? { kind: "ok", fields: {}, entries: [] } : { kind: "none" };
  if (unique.length === 1) return { kind: "ok", fields: { [`${side}-address`]: neg + unique[0] }, entries: [] };
  const list = ruleListName(rule.id, side);
  const tag = formatManagedComment(listManagedId(list));
  return {
    kind: "ok",
    fields: { [`${side}-address-list`]: neg + list },
    entries: unique.map((a) => listItem(list, family, a, tag, rule.id)),
  };
}

export function ruleListName(ruleId: string, side: "src" | "dst"): string {
  return `rampart.${ruleId}.${side}`;
}

function portText(p: { from: number; to: number }): string {
  return p.from === p.to ? String(p.from) : `${p.from}-${p.to}`;
}

/**
 * What the schema already refuses is checked again here: compile may be handed content that was stored before
 * a rule was tightened, and a field RouterOS cannot take must be refused, never dropped.
 */
function checkRule(rule: Rule, lists: Set<string>, issue: (field: string, message: string) => void): void {
  const text: [string, string | null][] = [
    ["comment", rule.comment],
    ["logPrefix", rule.logPrefix],
    ["inInterface", typeof rule.inInterface === "string" ? rule.inInterface : null],
    ["outInterface", typeof rule.outInterface === "string" ? rule.outInterface : null],
  ];
  for (const [field, value] of text) {
    const bad = value === null ? null : firstNonCp1252(value);
    if (bad) issue(field, `'${bad}' cannot be stored on RouterOS (windows-1252 only)`);
  }
  const portsOk = rule.protocol === "tcp" || rule.protocol === "udp";
  if (!portsOk && rule.srcPorts.length) issue("srcPorts", "RouterOS matches ports only with protocol tcp or udp");
  if (!portsOk && rule.dstPorts.length) issue("dstPorts", "RouterOS matches ports only with protocol tcp or udp");
  if (rule.chain === "output" && rule.inInterface !== null)
    issue("inInterface", "RouterOS has no in-interface on the output chain");
  if (rule.chain === "input" && rule.outInterface !== null)
    issue("outInterface", "RouterOS has no out-interface on the input chain");
  if (!rule.log && rule.logPrefix !== "") issue("logPrefix", "a log prefix needs logging turned on");
  for (const [field, message] of matcherIssues(rule)) issue(field, message);
  for (const side of ["src", "dst"] as const) {
    const m = rule[side];
    if (m.kind === "list" && !lists.has(m.list))
      issue(`${side}.list`, `address list '${m.list}' is not in this rule set`);
    if (m.kind !== "addresses") continue;
    m.values.forEach((v, i) => {
      const spec = parseAddressSpec(v);
      if (!spec.ok) issue(`${side}.values.${i}`, spec.message);
      else if (rule.family !== "both" && spec.family !== rule.family)
        issue(
          `${side}.values.${i}`,
          `an ${spec.family === "ipv4" ? "IPv4" : "IPv6"} address in an ${rule.family} rule`,
        );
    });
  }
}
