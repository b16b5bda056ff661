/**
 * Firewall sections as LiveFirewallItems: each `rule` is a filter item, each ipset `entry` an address-list
 * entry. Rampart owns exactly the sections named with the `rampart_` prefix (docs/rulings.md §3).
 * The export text itself rides along (`uciExport`): the planner needs the zones (interface -> zone), the
 * position of every section (placement, reorder indexes) and the exact text of foreign sections (uci import).
 */
import { createHash } from "node:crypto";
import type { LiveFirewall, LiveFirewallItem } from "../driver";
import { MANAGED_PREFIX, parseManagedName } from "./managed-names";
import { isRuleChain } from "./running-chains";
import type { RunningFirewall } from "./running-firewall";
import { serviceRuleItems } from "./service-rules";
import { parseUciExport, type UciSection } from "./uci-export-parse";

export { MANAGED_PREFIX } from "./managed-names";

/**
 * A LiveFirewall read by this driver: the committed `uci export firewall` text it was built from is kept, and
 * what the kernel holds (`running`) when it was read too.
 */
export interface OpenWrtLiveFirewall extends LiveFirewall {
  uciExport?: string;
  running?: RunningFirewall;
}

export const runningOf = (live: LiveFirewall): RunningFirewall | undefined => (live as OpenWrtLiveFirewall).running;

export const uciExportOf = (live: LiveFirewall): string | undefined => {
  const text = (live as OpenWrtLiveFirewall).uciExport;
  return typeof text === "string" ? text : undefined;
};

/** The Rampart rule id (`rampart_<id>[_4|_6]`), the list name (`rampart_set_…`), or the bare suffix. */
export function managedIdOf(section: UciSection): string | null {
  if (!section.name?.startsWith(MANAGED_PREFIX)) return null;
  const parsed = parseManagedName(section.name);
  if (parsed?.kind === "rule") return parsed.ruleId;
  if (parsed?.kind === "set") return parsed.list;
  return section.name.slice(MANAGED_PREFIX.length) || null;
}

/** Options flattened to strings: a list option becomes `key[0]`, `key[1]`, … so list-ness is not lost. */
export function flattenOptions(section: UciSection): Record<string, string> {
  const raw: Record<string, string> = { ".type": section.type, ".ref": section.ref };
  if (section.name !== null) raw[".name"] = section.name;
  for (const [k, v] of section.options) {
    if (Array.isArray(v)) v.forEach((item, i) => (raw[`${k}[${i}]`] = item));
    else raw[k] = v;
  }
  return raw;
}

const familyOf = (v: unknown) => (v === "ipv4" || v === "ipv6" ? v : undefined);

export function liveFirewallFromExport(
  exportText: string,
  serviceDataJson = "{}",
  read: { running?: RunningFirewall; staged?: string[] } = {},
): OpenWrtLiveFirewall {
  const items: LiveFirewallItem[] = [];
  for (const s of parseUciExport(exportText)) {
    if (s.type === "rule") {
      items.push({
        ref: s.ref,
        kind: "filter",
        family: familyOf(s.options.get("family")),
        managedId: managedIdOf(s),
        dynamic: false,
        raw: flattenOptions(s),
      });
    } else if (s.type === "ipset") {
      const entries = s.options.get("entry");
      const list = typeof s.options.get("name") === "string" ? (s.options.get("name") as string) : s.ref;
      const family = typeof s.options.get("family") === "string" ? (s.options.get("family") as string) : "ipv4";
      [entries ?? []].flat().forEach((address, i) => {
        items.push({
          ref: `${s.ref}.entry[${i}]`,
          kind: "address-list-entry",
          family: familyOf(family),
          managedId: managedIdOf(s),
          dynamic: false,
          raw: { ".type": "ipset", ".ref": s.ref, list, address, family },
        });
      });
    }
  }
  const dynamic = serviceRuleItems(serviceDataJson);
  items.push(...dynamic);
  // any change anywhere in the config (zones too) must make a previewed plan stale
  const hash = createHash("sha256").update(exportText).update("\0").update(JSON.stringify(dynamic));
  // Rampart's sets and the rule chains as the kernel holds them: a plan made while they differed must not run
  // once they changed (handles and counters left out: a reload renumbers, packets count)
  if (read.running) {
    const mine = Object.entries(read.running.sets)
      .filter(([name]) => name.startsWith(MANAGED_PREFIX))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const chains = Object.entries(read.running.chains ?? {})
      .filter(([name]) => isRuleChain(name))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, rules]) => [name, rules.map((r) => [r.text, r.comment])]);
    hash
      .update("\0")
      .update(JSON.stringify([read.running.loaded, mine]))
      .update("\0")
      .update(JSON.stringify(chains));
  }
  const live: OpenWrtLiveFirewall = { items, stateHash: hash.digest("hex"), uciExport: exportText };
  if (read.running) live.running = read.running;
  if (read.staged?.length) live.staged = read.staged;
  return live;
}
