import type { RuleSetContent } from "@/lib/rules/schema";
import type { LiveFirewall, LiveRule } from "../driver";
import { runningOf } from "./live-firewall";
import { parseManagedName } from "./managed-names";
import { isHandMade } from "./running-chains";

const FW4 = "!fw4: ";

/**
 * The kernel's table inet fw4 (`nft -a list`), every chain's rules in the order nft lists them, as the live
 * firewall view shows them. fw4 writes `counter` on the rules it renders and nft prints it as `counter packets N
 * bytes M` (docs/rule-hits.md §1); a reload loads every rule anew, so the counters start again at 0.
 * Origins: a rule commented `!fw4: <name>` is rendered from the config section of that name (Rampart's when the
 * section is, an admin's otherwise) or from a service's rule; other `!fw4:` rules and fw4's policy jumps are fw4's
 * own; a rule without either was added by hand with nft. A section's name is its rule id (rampart_<id>) or, when
 * it has a `name` option (Rampart writes the rule's comment there), that text.
 */
export function liveRules(live: LiveFirewall, _content?: RuleSetContent): LiveRule[] {
  const running = runningOf(live);
  if (!running?.loaded) return [];
  const sections = new Map<string, { managedId: string | null; dynamic: boolean }>();
  for (const item of live.items) {
    if (item.kind !== "filter") continue;
    // fw4 doubles a backslash when it quotes the name into the comment, and nft keeps it so
    for (const name of [item.raw.name, item.raw[".name"]].filter((n) => n !== undefined))
      for (const key of [name, name.replace(/\\/g, "\\\\")])
        if (!sections.has(key)) sections.set(key, { managedId: item.managedId, dynamic: item.dynamic });
  }
  const out: LiveRule[] = [];
  for (const [chain, rules] of Object.entries(running.chains ?? {})) {
    rules.forEach((r, i) => {
      const name = r.comment?.startsWith(FW4) ? r.comment.slice(FW4.length) : null;
      const section = name === null ? undefined : sections.get(name);
      const parsed =
        name === null ? null : parseManagedName(section?.managedId ? `rampart_${section.managedId}` : name);
      const ruleId = parsed?.kind === "rule" ? parsed.ruleId : null;
      const origin: LiveRule["origin"] = ruleId
        ? "rampart"
        : section
          ? section.dynamic
            ? "dynamic"
            : "foreign"
          : name === null && isHandMade(r)
            ? "foreign"
            : "dynamic";
      out.push({
        family: null,
        chain,
        position: i + 1,
        ref: r.handle === null ? "" : `handle ${r.handle}`,
        origin,
        ruleId,
        summary: origin === "rampart" || name === null ? r.text : `${name}: ${r.text}`,
        disabled: false,
        counters: r.counters ?? null,
      });
    });
  }
  return out;
}
