import { z } from "zod";

/**
 * Interface roles: a rule names what an interface is for (lan, wan, mgmt, guest, or the admin's own word), and
 * each router says what that role is on it (lib/routers/router-roles.ts). One rule set then serves routers of
 * either vendor and of any port layout. A rule's in/out interface match is a plain interface name (what revisions
 * stored before roles hold, still valid), a role match, or null (any interface).
 */

export const BUILT_IN_ROLES = ["lan", "wan", "mgmt", "guest"] as const;

/** Lower-case so "LAN" and "lan" are never two roles; same shape as a list name otherwise. */
export const roleNameSchema = z
  .string()
  .min(1, "role name is required")
  .max(32, "role name must be at most 32 characters")
  .regex(/^([a-z][a-z0-9_-]*)?$/, "role name must start with a lowercase letter and use only a-z, 0-9, '_' and '-'");

export const roleMatchSchema = z.object({
  kind: z.literal("role"),
  role: roleNameSchema,
  /** "not lan": every interface the router does not map to the role. */
  negate: z.boolean(),
});
export type RoleMatch = z.infer<typeof roleMatchSchema>;

export function isRoleMatch(m: unknown): m is RoleMatch {
  return typeof m === "object" && m !== null && (m as { kind?: unknown }).kind === "role";
}

export const roleMatch = (role: string, negate = false): RoleMatch => ({ kind: "role", role, negate });

/** "ether1", "role lan", "not role lan": how a preview, a diff or a message names an interface match. */
export function interfaceMatchText(m: string | RoleMatch | null): string {
  if (m === null) return "any";
  if (typeof m === "string") return m;
  return `${m.negate ? "not " : ""}role ${m.role}`;
}

/** Every role the rules of a rule set name, in first-use order. */
export function rolesUsed(rules: readonly { inInterface: unknown; outInterface: unknown }[]): string[] {
  const seen = new Set<string>();
  for (const r of rules) for (const m of [r.inInterface, r.outInterface]) if (isRoleMatch(m)) seen.add(m.role);
  return [...seen];
}

/**
 * The editor's text for an interface match, the inverse of interfaceMatchText: "role lan", "not role lan", or an
 * interface name (which has no spaces, so the two never collide). Empty is any interface.
 */
export function parseInterfaceText(text: string): string | RoleMatch | null {
  const t = text.trim();
  if (t === "") return null;
  const m = /^(not\s+)?role\s+(\S+)$/i.exec(t);
  return m ? roleMatch(m[2], m[1] !== undefined) : t;
}

/** Suggestions the editor lists for the interface fields. */
export const ROLE_SUGGESTIONS = BUILT_IN_ROLES.flatMap((r) => [`role ${r}`, `not role ${r}`]);
