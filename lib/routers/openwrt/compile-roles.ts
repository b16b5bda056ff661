import { isRoleMatch, type RoleMatch } from "@/lib/rules/interface-roles";
import type { InterfaceMatch, RuleSetContent } from "@/lib/rules/schema";
import type { CompileIssue } from "../driver";
import { unmappedRoleMessage, type RoleMap } from "../roles";
import type { ZoneInfo } from "./zones";

/**
 * A role in a rule as fw4 words: a role mapped to a zone is that zone (`src`/`dest`); one mapped to a device
 * (or uci interface) is resolved to the zone holding it against the router's config, as a plain interface name
 * is (zones.ts). fw4 has no negated zone (`option src '!lan'` is refused by fw4), and expanding "not lan" to the
 * router's other zones would silently leave out traffic of zones added later, so a negated role is refused with
 * a message naming the rule (docs/interface-roles.md).
 */
export type ZoneSide = { kind: "any" } | { kind: "zone"; zone: string } | { kind: "interface"; name: string };

export function zoneSide(
  m: InterfaceMatch | null,
  roles: RoleMap | undefined,
): { ok: true; side: ZoneSide } | { ok: false; message: string } {
  if (m === null) return { ok: true, side: { kind: "any" } };
  if (!isRoleMatch(m)) return { ok: true, side: { kind: "interface", name: m } };
  return roleSide(m, roles);
}

function roleSide(m: RoleMatch, roles: RoleMap | undefined) {
  if (m.negate)
    return {
      ok: false as const,
      message: `OpenWrt (fw4) cannot match "not ${m.role}": a rule names one zone. Use the role of the zone the traffic comes from instead`,
    };
  const target = roles?.[m.role];
  if (!target) return { ok: false as const, message: unmappedRoleMessage(m.role) };
  if (target.kind === "zone") return { ok: true as const, side: { kind: "zone", zone: target.name } as ZoneSide };
  if (target.kind === "device")
    return { ok: true as const, side: { kind: "interface", name: target.name } as ZoneSide };
  return {
    ok: false as const,
    message: `role '${m.role}' is mapped to an ${target.kind}, which OpenWrt does not have: map it to a firewall zone or device`,
  };
}

/**
 * Rules whose role is mapped to a zone this router does not have: fw4 would refuse to load the whole firewall
 * ("zone 'x' not found"), so it is an issue at the rule's field, found against the router's config.
 */
export function roleZoneIssues(content: RuleSetContent, roles: RoleMap | undefined, zones: ZoneInfo[]): CompileIssue[] {
  const names = new Set(zones.map((z) => z.name));
  const issues: CompileIssue[] = [];
  content.rules.forEach((rule, index) => {
    for (const field of ["inInterface", "outInterface"] as const) {
      const m = rule[field];
      if (!isRoleMatch(m)) continue;
      const t = roles?.[m.role];
      if (!t || t.kind !== "zone" || names.has(t.name)) continue;
      issues.push({
        ruleId: rule.id,
        ruleIndex: index,
        field,
        message: `role '${m.role}' is mapped to zone '${t.name}', which this router does not have (zones: ${[...names].join(", ") || "none"})`,
      });
    }
  });
  return issues;
}
