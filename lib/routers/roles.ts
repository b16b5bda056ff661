import { z } from "zod";
import { roleMatch, roleNameSchema, type RoleMatch } from "@/lib/rules/interface-roles";

/**
 * What an interface role (lib/rules/interface-roles.ts) is on one router: a RouterOS interface list or interface,
 * an OpenWrt zone or device (a device is resolved to its zone against the router's config when planning). Which
 * kinds a vendor takes is its profile's `roleTargets`; the mapping is stored per router (lib/inventory/router-roles.ts).
 */
export const ROLE_TARGET_KINDS = ["interface-list", "interface", "zone", "device"] as const;
export type RoleTargetKind = (typeof ROLE_TARGET_KINDS)[number];

export const roleTargetSchema = z.object({
  kind: z.enum(ROLE_TARGET_KINDS, { error: `target kind must be one of ${ROLE_TARGET_KINDS.join(", ")}` }),
  name: z
    .string()
    .min(1, "name is required")
    .max(64, "name must be at most 64 characters")
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]*$/, "name may use only letters, digits and . _ @ + -"),
});
export type RoleTarget = z.infer<typeof roleTargetSchema>;

/** role name -> what it is on this router. */
export type RoleMap = Readonly<Record<string, RoleTarget>>;

export const roleMappingSchema = z
  .array(z.object({ role: roleNameSchema, target: roleTargetSchema }))
  .max(64, "at most 64 roles per router")
  .superRefine((rows, ctx) => {
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      if (seen.has(r.role))
        ctx.addIssue({ code: "custom", path: [i, "role"], message: `role ${r.role} is mapped twice` });
      seen.add(r.role);
    });
  });
export type RoleMapping = z.infer<typeof roleMappingSchema>;

/**
 * The role a router maps to one of these targets, for reading a router back into a rule set (decompile): the
 * first role (by name) whose target is one of them, else null. Several roles on one target read back as the first.
 */
export function roleAt(map: RoleMap | undefined, targets: readonly RoleTarget[], negate = false): RoleMatch | null {
  if (!map) return null;
  const role = Object.keys(map)
    .sort()
    .find((r) => targets.some((t) => t.kind === map[r].kind && t.name === map[r].name));
  return role ? roleMatch(role, negate) : null;
}

export function roleMapOf(rows: readonly { role: string; target: RoleTarget }[]): RoleMap {
  return Object.fromEntries(rows.map((r) => [r.role, r.target]));
}

/** "an interface list", "a firewall zone": how messages name a kind with its article. */
export const roleKindWithArticle = (k: RoleTargetKind) =>
  `${/^[aeiou]/.test(ROLE_KIND_LABELS[k]) ? "an" : "a"} ${ROLE_KIND_LABELS[k]}`;

export const ROLE_KIND_LABELS: Record<RoleTargetKind, string> = {
  "interface-list": "interface list",
  interface: "interface",
  zone: "firewall zone",
  device: "device",
};

/** The compile issue for a role the router does not map: names the role, says where to map it. */
export function unmappedRoleMessage(role: string): string {
  return `role '${role}' is not mapped on this router: map it under "Interface roles" on the router's page`;
}

/** Stable text of the part of a mapping a rule set uses (compile caches key on it). */
export function roleMapKey(map: RoleMap | undefined, roles: readonly string[]): string {
  if (!map || roles.length === 0) return "";
  return JSON.stringify(roles.map((r) => [r, map[r]?.kind ?? null, map[r]?.name ?? null]));
}
