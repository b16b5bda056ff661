import { roleNameSchema } from "@/lib/rules/interface-roles";
import type { LiveFirewall } from "../driver";
import type { RoleMapping } from "../roles";

/** RouterOS's own lists (every interface, none, ...): no role is one of them. */
const BUILTIN_LISTS = new Set(["all", "none", "dynamic", "static"]);

/**
 * The router's interface lists (defconf: LAN, WAN), and any its own filter rules name, each propose the role of
 * their lower-cased name: LAN -> role lan. Built-in lists propose nothing.
 */
export function proposeRouterOsRoles(live: LiveFirewall): RoleMapping {
  const lists = new Set<string>(live.interfaceNames?.lists.filter((l) => !BUILTIN_LISTS.has(l)) ?? []);
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
