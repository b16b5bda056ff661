/**
 * How the kernel's copy of Rampart's sets and rules differs from what they should be. `fw4 reload` adds to a set
 * and never removes from it, and never deletes a set (docs/openwrt-uci.md §4); a config committed but not loaded,
 * and rules changed by hand with nft, leave other chains running (running-chains.ts): the config alone cannot
 * say what the router enforces. Empty when the state was read without the kernel side (a state stored elsewhere).
 */
import type { FirewallChange, VendorOp } from "../driver";
import { MANAGED_PREFIX, parseManagedName } from "./managed-names";
import { compareChains } from "./running-chains";
import { nftElement, type RunningFirewall } from "./running-firewall";
import type { SectionSpec } from "./section-spec";
import type { UciSection } from "./uci-export-parse";

/** The op that reloads the firewall and makes Rampart's sets exact, when the config needs no change. */
export const SYNC_HEADER = "# rampart: fw4 reload, then Rampart's sets made exact";
export const syncOp = (n: number): VendorOp => ({
  label: `fw4 reload + reload-sets: make the running firewall match the config (${n === 1 ? "1 difference" : `${n} differences`})`,
  wire: [SYNC_HEADER],
});
export const isSyncOp = (op: VendorOp) => op.wire.length === 1 && op.wire[0] === SYNC_HEADER;

const listLabel = (name: string) => {
  const p = parseManagedName(name);
  return p?.kind === "set" ? `address list '${p.list}' (${p.family})` : `set ${name}`;
};

/** Rampart's sets of a section list: nft set name -> entries as nft prints them. */
export function setsOfSpecs(specs: SectionSpec[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of specs) {
    // Rampart's address lists; a raw ipset section (a MAC or port set, a timeout...) is compared as config only
    if (s.type !== "ipset" || parseManagedName(s.name)?.kind !== "set") continue;
    const entry = s.options.find(([k]) => k === "entry")?.[1];
    out.set(s.name, [entry ?? []].flat().map(nftElement));
  }
  return out;
}

/** `sections`: the committed config, whose Rampart rules the kernel's chains must hold as fw4 renders them. */
export function runningChanges(
  running: RunningFirewall | undefined,
  want: Map<string, string[]>,
  anythingWanted: boolean,
  sections: UciSection[] = [],
): FirewallChange[] {
  if (!running) return [];
  if (!running.loaded) {
    return anythingWanted
      ? [
          {
            kind: "change",
            ruleId: null,
            description:
              "the firewall is not loaded on the router (nft has no table inet fw4): none of Rampart's rules is enforced",
          },
        ]
      : [];
  }
  const changes: FirewallChange[] = [];
  for (const [name, entries] of want) {
    const held = running.sets[name];
    if (held === undefined) {
      changes.push({
        kind: "add",
        ruleId: null,
        description: `${listLabel(name)} is not loaded in the running firewall (no nft set ${name})`,
      });
      continue;
    }
    const has = new Set(held.map(nftElement));
    const extra = held.filter((e) => !entries.includes(nftElement(e)));
    const missing = entries.filter((e) => !has.has(e));
    if (extra.length === 0 && missing.length === 0) continue;
    const said = [
      extra.length ? `still holds ${extra.join(", ")} (fw4 reload keeps set elements)` : "",
      missing.length ? `does not hold ${missing.join(", ")}` : "",
    ].filter(Boolean);
    changes.push({
      kind: "change",
      ruleId: null,
      description: `${listLabel(name)} as the router enforces it ${said.join(" and ")}`,
      fields: [{ field: `running set ${name}`, old: held.join(" "), new: entries.join(" ") }],
    });
  }
  for (const [name, held] of Object.entries(running.sets)) {
    if (!name.startsWith(MANAGED_PREFIX) || want.has(name)) continue;
    changes.push({
      kind: "remove",
      ruleId: null,
      description: `${listLabel(name)} is still loaded in the running firewall${held.length ? ` with ${held.join(", ")}` : ""}, though the config no longer has it`,
    });
  }
  if (anythingWanted) changes.push(...compareChains(running, sections).changes);
  return changes;
}
