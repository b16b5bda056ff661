import type { Rule } from "@/lib/rules/schema";
import { ruleDefaults } from "@/lib/rules/make-rule";
import type { DesiredItem } from "../driver";
import { ruleSectionName } from "./managed-names";
import { checkRawSection, NAME_IS_COMMENT, rawSectionChain } from "./raw-grammar";
import { flattenSpec } from "./section-spec";
import type { UciSection } from "./uci-export-parse";

/**
 * OpenWrt raw rules (lib/rules/raw-rule.ts): a firewall section the model cannot hold (a rule with an option the
 * model lacks, and all zone policy: defaults, zones, forwardings, includes, redirects...), kept as its options in
 * its place. Rampart owns what it imported (docs/openwrt-fw4-chains.md §5): pushed as a named section
 * `rampart_<id>` of the same type with the same options, in rule-set order.
 */
export const OPENWRT_VENDOR = "openwrt";
const OFF = new Set(["0", "off", "false", "no"]);

export function rawRuleOfSection(s: UciSection): Omit<Rule, "id"> {
  const props: Record<string, string | string[]> = {};
  for (const [k, v] of s.options) {
    if (k === "enabled" || (k === "name" && NAME_IS_COMMENT.has(s.type))) continue;
    props[k] = Array.isArray(v) ? [...v] : v;
  }
  const one = (k: string) => {
    const v = s.options.get(k);
    return typeof v === "string" ? v : undefined;
  };
  const family = one("family") === "ipv4" || one("family") === "ipv6" ? (one("family") as "ipv4" | "ipv6") : "both";
  return {
    ...ruleDefaults(),
    // what the section is about, for the editor and the tester's chain filter; nothing is compiled from it
    chain: rawSectionChain(s.type, props),
    family,
    comment: NAME_IS_COMMENT.has(s.type) ? (one("name") ?? "") : "",
    enabled: !OFF.has((one("enabled") ?? "1").toLowerCase()),
    raw: { vendor: OPENWRT_VENDOR, type: s.type, props },
  };
}

/** A raw rule as the section to push, or issues at `raw.props.<option>` (another vendor's raw rule: `raw`). */
export function compileRawSection(rule: Rule, issue: (field: string, message: string) => void): DesiredItem | null {
  const raw = rule.raw!;
  if (raw.vendor !== OPENWRT_VENDOR) {
    issue(
      "raw",
      `this is a ${raw.vendor === "mikrotik" ? "RouterOS" : raw.vendor} raw ${raw.type} rule; OpenWrt cannot run it`,
    );
    return null;
  }
  const problems = checkRawSection(raw.type, raw.props);
  for (const p of problems) issue(p.prop === "type" ? "raw.type" : `raw.props.${p.prop}`, p.message);
  if (problems.length) return null;
  const options: [string, string | string[]][] = [];
  if (NAME_IS_COMMENT.has(raw.type) && rule.comment !== "") options.push(["name", rule.comment]);
  options.push(...Object.entries(raw.props));
  if (!rule.enabled) options.push(["enabled", "0"]);
  const name = ruleSectionName(rule.id, null);
  return { key: name, kind: "filter", ruleId: rule.id, fields: flattenSpec({ type: raw.type, name, options }) };
}
