/**
 * Vendor-free rule set -> fw4 sections (docs/openwrt-uci.md §2), as DesiredItems:
 *
 * - each rule becomes one `rule` section `rampart_<id>`, or two (`_4`, `_6`, each with `family`) when one
 *   section cannot say it: an address list (fw4 sets hold one family), or negated addresses of one family only
 *   (fw4 would infer that family and drop the other, where the model matches it);
 * - each address list becomes an `ipset` per family in use, `match net`, one `entry` item per address (ranges
 *   become their exact CIDR cover: set entries of type net take prefixes);
 * - interfaces become zones only against a live config (zones.ts): here they stay `@interface:<name>` markers.
 *
 * Chain -> zones: input = `src` only, output = `dest` only, forward = both; a missing interface is `*` (any
 * zone) except on output, where no `dest` means the main output chain.
 * Anything fw4 cannot express is a CompileIssue naming the rule and field; nothing is silently dropped.
 */
import { formatAddress } from "@/lib/rules/address-format";
import { parseAddressSpec } from "@/lib/rules/address";
import type { AddressMatch, Rule, RuleSetContent } from "@/lib/rules/schema";
import type { CompileIssue, CompileNote, CompileResult, DesiredItem } from "../driver";
import { compileNatSections } from "./compile-nat";
import { matcherIssues, matcherOptions } from "./compile-matchers";
import { ruleSectionName, setSectionName, type IpFamily } from "./managed-names";
import { flattenSpec, type SectionSpec, type UciValue } from "./section-spec";
import { compileRawSection } from "./raw-sections";
import { zoneSide, type ZoneSide } from "./compile-roles";
import type { RoleMap } from "../roles";

export const INTERFACE_MARKER = "@interface:";
/** nft rejects comments over 128 bytes and fw4 adds "!fw4: " (docs/rulings.md §4: at most 120 ASCII characters). */
export const MAX_NAME = 120;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// fw4 reads `log` as a switch when it looks like one (1 = log with the default prefix)
const BOOL_WORDS = new Set(["0", "1", "on", "off", "true", "false", "yes", "no"]);
const FAMILIES: IpFamily[] = ["ipv4", "ipv6"];

type Side =
  | { kind: "none" }
  | { kind: "addresses"; values: string[]; negate: boolean }
  | { kind: "set"; set: string; negate: boolean };

export const ESTABLISHED_NOTE =
  "fw4 accepts established and related connections itself, before any rule: this rule is built in on OpenWrt, so nothing is pushed for it";

export function compileRuleSet(content: RuleSetContent, roles?: RoleMap): CompileResult {
  const issues: CompileIssue[] = [];
  const notes: CompileNote[] = [];
  const ruleItems: DesiredItem[] = [];
  const setsInUse = new Set<string>();
  const lists = new Map(content.addressLists.map((l) => [l.name, l]));

  content.rules.forEach((rule, index) => {
    const issue = (field: string, message: string) =>
      issues.push({ ruleId: rule.id, ruleIndex: index, field, message });
    const before = issues.length;
    if (rule.raw) {
      const item = compileRawSection(rule, issue);
      if (item) ruleItems.push(item);
      return;
    }
    if (rule.states.length > 0) {
      const builtIn = rule.action === "accept" && rule.states.every((s) => s === "established" || s === "related");
      if (builtIn) {
        notes.push({ ruleId: rule.id, message: ESTABLISHED_NOTE });
        return;
      }
      issue(
        "states",
        `OpenWrt (fw4) has no per-rule connection-state match; only "accept established,related" is possible, and it is built in. Remove the state condition (${rule.states.join(", ")})`,
      );
    }
    // fw4 writes the comment into nft doubling each backslash; a `"` ends nft's string early and fails the load
    const written = rule.comment.length + (rule.comment.match(/\\/g)?.length ?? 0);
    if (rule.comment !== "" && (!PRINTABLE_ASCII.test(rule.comment) || written > MAX_NAME)) {
      issue(
        "comment",
        `on OpenWrt the comment becomes the nft rule comment: at most ${MAX_NAME} plain ASCII characters (a \\ counts twice)`,
      );
    } else if (rule.comment.includes('"')) {
      issue("comment", 'on OpenWrt the comment becomes the nft rule comment, which cannot hold a " character');
    }
    if (rule.log && rule.logPrefix !== "") {
      if (!PRINTABLE_ASCII.test(rule.logPrefix) || /["\\]/.test(rule.logPrefix))
        issue("logPrefix", 'on OpenWrt the log prefix must be plain ASCII without " or \\');
      // nft expands $name inside the log prefix string: "a$b" fails the whole load ("unknown identifier 'b'")
      else if (rule.logPrefix.includes("$"))
        issue(
          "logPrefix",
          "on OpenWrt the log prefix cannot contain '$' (nft reads it as a variable and refuses the whole firewall)",
        );
      else if (BOOL_WORDS.has(rule.logPrefix.trim().toLowerCase()))
        issue("logPrefix", `fw4 reads the log prefix '${rule.logPrefix}' as an on/off switch; choose another prefix`);
      else if (rule.logPrefix.trim() === "") issue("logPrefix", "the log prefix is only spaces");
    }
    for (const [field, message] of matcherIssues(rule)) issue(field, message);
    if (rule.protocol === 0) issue("protocol", "protocol 0 cannot be matched on OpenWrt (fw4 reads it as 'all')");
    if (rule.src.kind === "list" && rule.dst.kind === "list") {
      issue("dst", "an OpenWrt rule can match one address list only (fw4's ipset option); use addresses on one side");
    }
    for (const side of ["src", "dst"] as const) {
      const m = rule[side];
      if (m.kind === "list" && !lists.has(m.list)) issue(side, `address list '${m.list}' does not exist`);
    }
    const inSide = zoneSide(rule.inInterface, roles);
    if (!inSide.ok) issue("inInterface", inSide.message);
    const outSide = zoneSide(rule.outInterface, roles);
    if (!outSide.ok) issue("outInterface", outSide.message);
    if (issues.length > before || !inSide.ok || !outSide.ok) return;

    const sections = ruleSections(rule, { in: inSide.side, out: outSide.side });
    if (sections.length === 0) {
      issue("dst", "no packet can match this rule's addresses on any family; OpenWrt cannot express an empty match");
      return;
    }
    for (const { spec, family, sets } of sections) {
      sets.forEach((s) => setsInUse.add(s));
      ruleItems.push({
        key: spec.name,
        kind: "filter",
        family: family ?? undefined,
        ruleId: rule.id,
        fields: flattenSpec(spec),
      });
    }
  });

  const entryItems: DesiredItem[] = [];
  content.addressLists.forEach((list) => {
    const byFamily: Record<IpFamily, string[]> = { ipv4: [], ipv6: [] };
    list.entries.forEach((e, i) => {
      const spec = parseAddressSpec(e.address);
      if (!spec.ok) {
        issues.push({
          ruleId: null,
          ruleIndex: null,
          field: `addressLists.${list.name}.entries.${i}`,
          message: spec.message,
        });
        return;
      }
      const values = spec.kind === "range" ? cidrCover(spec.family, spec.from, spec.to) : [e.address.trim()];
      for (const v of values) if (!byFamily[spec.family].includes(v)) byFamily[spec.family].push(v);
    });
    for (const family of FAMILIES) {
      const set = setSectionName(list.name, family);
      if (byFamily[family].length === 0 && !setsInUse.has(set)) continue;
      setsInUse.delete(set);
      if (byFamily[family].length === 0) {
        // an empty set still has to exist for the rules that reference it: one entry-less marker item
        entryItems.push(setItem(set, list.name, family, null));
      }
      for (const address of byFamily[family]) entryItems.push(setItem(set, list.name, family, address));
    }
  });

  const nat = compileNatSections(content, roles);
  issues.push(...nat.issues);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, desired: { items: [...entryItems, ...ruleItems, ...nat.items], notes } };
}

/** One address-list entry item; `address` null stands for an empty set that rules still reference. */
function setItem(set: string, list: string, family: IpFamily, address: string | null): DesiredItem {
  const fields: Record<string, string> = { ".set": set, list, family };
  if (address !== null) fields.address = address;
  return {
    key: address === null ? `${set}|` : `${set}|${address}`,
    kind: "address-list-entry",
    family,
    ruleId: null,
    fields,
  };
}

/** The options of an ipset section Rampart owns: a set of networks of one family, named like its section. */
export function setSectionSpec(set: string, family: IpFamily, entries: string[]): SectionSpec {
  const options: [string, UciValue][] = [
    ["name", set],
    ["family", family],
    ["match", ["net"]],
  ];
  if (entries.length) options.push(["entry", entries]);
  return { type: "ipset", name: set, options };
}

function sideFor(m: AddressMatch, family: IpFamily): Side | "impossible" {
  if (m.kind === "any") return { kind: "none" };
  if (m.kind === "list") return { kind: "set", set: setSectionName(m.list, family), negate: m.negate };
  const values = m.values
    .map((v) => v.trim())
    .filter((v) => {
      const spec = parseAddressSpec(v);
      return spec.ok && spec.family === family;
    });
  if (values.length === 0) return m.negate ? { kind: "none" } : "impossible";
  return { kind: "addresses", values, negate: m.negate };
}

function ruleFamilies(rule: Rule): IpFamily[] {
  let families: IpFamily[] = rule.family === "both" ? [...FAMILIES] : [rule.family];
  if (rule.protocol === "icmp") families = families.filter((f) => f === "ipv4");
  if (rule.protocol === "icmpv6") families = families.filter((f) => f === "ipv6");
  return families;
}

type Zones = { in: ZoneSide; out: ZoneSide };

function ruleSections(rule: Rule, zones: Zones): { spec: SectionSpec; family: IpFamily | null; sets: string[] }[] {
  const variants = ruleFamilies(rule).flatMap((family) => {
    const src = sideFor(rule.src, family);
    const dst = sideFor(rule.dst, family);
    return src === "impossible" || dst === "impossible" ? [] : [{ family, src, dst }];
  });
  // Without address conditions one family-less section covers both families, exactly as the model says.
  const merged = variants.length === 2 && variants.every((v) => v.src.kind === "none" && v.dst.kind === "none");
  if (merged)
    return [
      {
        spec: ruleSpec(rule, zones, ruleSectionName(rule.id, null), null, variants[0].src, variants[0].dst),
        family: null,
        sets: [],
      },
    ];
  return variants.map((v) => ({
    spec: ruleSpec(
      rule,
      zones,
      ruleSectionName(rule.id, variants.length === 2 ? v.family : null),
      v.family,
      v.src,
      v.dst,
    ),
    family: v.family,
    sets: [v.src, v.dst].flatMap((s) => (s.kind === "set" ? [s.set] : [])),
  }));
}

const TARGET = { accept: "ACCEPT", drop: "DROP", reject: "REJECT" } as const;

function portItems(ranges: { from: number; to: number }[]): string[] {
  return [...new Set(ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)))];
}

function ruleSpec(rule: Rule, zones: Zones, name: string, family: IpFamily | null, src: Side, dst: Side): SectionSpec {
  const o: [string, UciValue][] = [];
  if (rule.comment !== "") o.push(["name", rule.comment]);
  // a role mapped to a zone names it; an interface (or a role mapped to a device) is resolved against the router
  const zone = (z: ZoneSide) => (z.kind === "any" ? "*" : z.kind === "zone" ? z.zone : `${INTERFACE_MARKER}${z.name}`);
  if (rule.chain === "input" || rule.chain === "forward") o.push(["src", zone(zones.in)]);
  if (rule.chain === "forward") o.push(["dest", zone(zones.out)]);
  if (rule.chain === "output" && zones.out.kind !== "any") o.push(["dest", zone(zones.out)]);
  if (family) o.push(["family", family]);
  // fw4's default protocol is tcp+udp, so "any" must be spelled out; one protocol per list item
  o.push(["proto", [rule.protocol === "any" ? "all" : String(rule.protocol)]]);
  const bang = (negate: boolean, v: string) => (negate ? `!${v}` : v);
  if (src.kind === "addresses") o.push(["src_ip", src.values.map((v) => bang(src.negate, v))]);
  if (dst.kind === "addresses") o.push(["dest_ip", dst.values.map((v) => bang(dst.negate, v))]);
  const set = src.kind === "set" ? { ...src, dir: "src" } : dst.kind === "set" ? { ...dst, dir: "dst" } : null;
  if (set) o.push(["ipset", `${set.negate ? "!" : ""}${set.set} ${set.dir}`]);
  if (rule.srcPorts.length) o.push(["src_port", portItems(rule.srcPorts)]);
  if (rule.dstPorts.length) o.push(["dest_port", portItems(rule.dstPorts)]);
  o.push(...matcherOptions(rule));
  o.push(["target", TARGET[rule.action]]);
  if (rule.log) o.push(["log", rule.logPrefix !== "" ? rule.logPrefix : "1"]);
  if (!rule.enabled) o.push(["enabled", "0"]);
  return { type: "rule", name, options: o };
}

/** The fewest CIDR prefixes covering exactly [from, to]. */
export function cidrCover(family: IpFamily, from: bigint, to: bigint): string[] {
  const bits = family === "ipv4" ? 32 : 128;
  const out: string[] = [];
  let start = from;
  while (start <= to) {
    let size = 0;
    while (size < bits) {
      const next = size + 1;
      const block = 1n << BigInt(next);
      if (start % block !== 0n || start + block - 1n > to) break;
      size = next;
    }
    out.push(`${formatAddress(family, start)}/${bits - size}`);
    start += 1n << BigInt(size);
  }
  return out;
}
