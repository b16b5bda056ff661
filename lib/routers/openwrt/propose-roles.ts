import { roleNameSchema } from "@/lib/rules/interface-roles";
import type { LiveFirewall } from "../driver";
import type { RoleMapping } from "../roles";
import { uciExportOf } from "./live-firewall";
import { parseUciExport } from "./uci-export-parse";
import { zonesOf } from "./zones";

/** Each enabled fw4 zone proposes the role of its own name (lan -> zone lan, wan -> zone wan). */
export function proposeOpenWrtRoles(live: LiveFirewall): RoleMapping {
  const text = uciExportOf(live);
  if (text === undefined) return [];
  return zonesOf(parseUciExport(text)).flatMap((z) => {
    const role = z.name.toLowerCase();
    return roleNameSchema.safeParse(role).success ? [{ role, target: { kind: "zone" as const, name: z.name } }] : [];
  });
}
