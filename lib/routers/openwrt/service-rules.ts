/**
 * Rules that services register with procd (`ubus call service get_data '{"type":"firewall"}'`): fw4 loads
 * them, uci does not hold them, Rampart must never touch them. They are the router's dynamic items.
 */
import { z } from "zod";
import type { LiveFirewallItem } from "../driver";

const serviceDataSchema = z.record(
  z.string(),
  z.record(z.string(), z.object({ firewall: z.array(z.record(z.string(), z.unknown())).optional() }).passthrough()),
);

export function serviceRuleItems(json: string): LiveFirewallItem[] {
  let parsed;
  try {
    parsed = serviceDataSchema.safeParse(JSON.parse(json));
  } catch {
    return [];
  }
  if (!parsed.success) return [];
  const items: LiveFirewallItem[] = [];
  for (const [service, instances] of Object.entries(parsed.data)) {
    for (const [instance, data] of Object.entries(instances)) {
      (data.firewall ?? []).forEach((rule, i) => {
        if (rule.type !== undefined && rule.type !== "rule") return;
        const raw: Record<string, string> = { ".service": service, ".instance": instance };
        for (const [k, v] of Object.entries(rule)) raw[k] = Array.isArray(v) ? v.join(" ") : String(v);
        items.push({
          ref: `service:${service}.${instance}[${i}]`,
          kind: "filter",
          managedId: null,
          dynamic: true,
          raw,
        });
      });
    }
  }
  return items;
}
