import { isRoleMatch, type RoleMatch } from "@/lib/rules/interface-roles";
import type { InterfaceMatch } from "@/lib/rules/schema";
import { unmappedRoleMessage, type RoleMap } from "../roles";
import { firstNonCp1252 } from "./cp1252-check";

/**
 * A rule's in/out interface match as RouterOS filter fields: a plain name is `in-interface=ether1` (as before
 * roles); a role is what the router maps it to, `in-interface-list=LAN` or `in-interface=ether1`, negated with
 * RouterOS's own `!` prefix (`in-interface-list=!LAN`: every interface not in the list).
 */
export function interfaceFields(
  direction: "in" | "out",
  m: InterfaceMatch,
  roles: RoleMap | undefined,
): { ok: true; fields: Record<string, string> } | { ok: false; message: string } {
  if (!isRoleMatch(m)) return { ok: true, fields: { [`${direction}-interface`]: m } };
  return roleFields(direction, m, roles);
}

function roleFields(direction: "in" | "out", m: RoleMatch, roles: RoleMap | undefined) {
  const target = roles?.[m.role];
  if (!target) return { ok: false as const, message: unmappedRoleMessage(m.role) };
  if (target.kind !== "interface-list" && target.kind !== "interface")
    return {
      ok: false as const,
      message: `role '${m.role}' is mapped to a ${target.kind}, which RouterOS does not have: map it to an interface list or interface`,
    };
  const bad = firstNonCp1252(target.name);
  if (bad) return { ok: false as const, message: `'${bad}' cannot be stored on RouterOS (windows-1252 only)` };
  const prop = target.kind === "interface-list" ? `${direction}-interface-list` : `${direction}-interface`;
  return { ok: true as const, fields: { [prop]: `${m.negate ? "!" : ""}${target.name}` } };
}
