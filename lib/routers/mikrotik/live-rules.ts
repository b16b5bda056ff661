import type { RuleSetContent } from "@/lib/rules/schema";
import type { LiveFirewall, LiveRule } from "../driver";
import { summarise } from "./plan-firewall";
import { ruleOfTag } from "./split-rule";

/**
 * The filter rows of /ip and /ipv6 firewall filter in router order, as the live firewall view lists them.
 * RouterOS prints `packets` and `bytes` on every filter row (docs/rule-hits.md §1); they count from the
 * row's creation and start again at 0 on a reboot or a reset-counters, so a reader must expect them to fall.
 */
export function liveRules(live: LiveFirewall, content: RuleSetContent): LiveRule[] {
  const byId = new Map(content.rules.map((r) => [r.id, r]));
  const count = new Map<string, number>();
  const out: LiveRule[] = [];
  for (const item of live.items) {
    if (item.kind !== "filter") continue;
    const family = item.family ?? "ipv4";
    const chain = item.raw.chain ?? "";
    const position = (count.get(`${family} ${chain}`) ?? 0) + 1;
    count.set(`${family} ${chain}`, position);
    const tag = item.dynamic ? null : item.managedId;
    out.push({
      family,
      chain,
      position,
      ref: item.ref,
      origin: item.dynamic ? "dynamic" : tag ? "rampart" : "foreign",
      ruleId: tag ? (ruleOfTag(tag, family, byId)?.id ?? tag) : null,
      summary: tag ? summarise(item.raw) : item.raw.comment || summarise(item.raw),
      disabled: item.raw.disabled === "true",
      counters: countersOf(item.raw),
    });
  }
  return out;
}

const COUNT = /^\d{1,19}$/;

function countersOf(raw: Record<string, string>): LiveRule["counters"] {
  if (!COUNT.test(raw.packets ?? "") || !COUNT.test(raw.bytes ?? "")) return null;
  return { packets: Number(raw.packets), bytes: Number(raw.bytes) };
}
