import { roleNameSchema } from "@/lib/rules/interface-roles";
import type { LiveFirewall } from "../driver";
import type { RoleMapping } from "../roles";

/**
 * The interface lists the router's own filter rules name (defconf: `in-interface-list=!LAN`, `WAN`) each propose
 * the role of their lower-cased name: LAN -> role lan. Lists no rule names are not read (the firewall read is
 * what a proposal costs), so an admin adds those by hand.
 */
export function proposeRouterOsRoles(live: LiveFirewall): RoleMapping {
  const lists = new Set<string>();
  for (const item of live.items) {
    if (item.kind !== "filter") continue;
    for (const key of ["in-interface-list", "out-interface-list"]) {
      const v = item.raw[key];
      if (v) lists.add(v.replace(/^!/, ""));
    }
  }
  return [...lists].sort().flatMap((name) => {
    const role = name.toLowerCase();
    return roleNameSchema.safeParse(role).success ? [{ role, target: { kind: "interface-list" as const, name } }] : [];
  });
}
