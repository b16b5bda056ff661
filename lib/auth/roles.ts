import { z } from "zod";

export const ROLES = ["viewer", "operator", "admin"] as const;
export const roleSchema = z.enum(ROLES, { error: "role must be admin, operator or viewer" });
export type Role = z.infer<typeof roleSchema>;

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** admin ⊃ operator ⊃ viewer: admins manage users, tokens and router credentials; operators edit and push. */
export function roleAllows(actual: Role, needed: Role): boolean {
  return rank[actual] >= rank[needed];
}

/** The lesser of two roles: what a token may do is capped by what its owner may do now. */
export function lesserRole(a: Role, b: Role): Role {
  return rank[a] <= rank[b] ? a : b;
}

export const roleLabels: Record<Role, string> = {
  admin: "Admin — users, tokens, router credentials, everything",
  operator: "Operator — edit rule sets and push",
  viewer: "Viewer — read only",
};
