"use server";

import { revalidatePath } from "next/cache";
import { authorize, fieldErrorsOf, type FormState } from "@/lib/auth/action";
import { proposeRouterRoles, setRouterRoles } from "@/lib/inventory/router-roles";
import { roleMappingSchema, type RoleMapping } from "@/lib/routers/roles";

export type RolesState = (NonNullable<FormState> & { roles?: RoleMapping; proposals?: RoleMapping }) | null;

/** Saves the whole mapping (admin: it changes what every push to the router writes). Thin: lib/inventory decides. */
export async function saveRolesAction(routerId: string, rows: unknown): Promise<RolesState> {
  const auth = await authorize("admin");
  if (!auth.ok) return auth.state ?? null;
  const parsed = roleMappingSchema.safeParse(rows);
  if (!parsed.success)
    return { ok: false, message: "Fix the highlighted roles.", fieldErrors: fieldErrorsOf(parsed.error) };
  const r = await setRouterRoles({ type: "user", id: auth.user.id, label: auth.user.username }, routerId, parsed.data);
  if (!r.ok) {
    const path = r.issues?.[0]?.path.replace(/^roles\./, "");
    return { ok: false, message: r.message, fieldErrors: path ? { [path]: r.message } : undefined };
  }
  revalidatePath(`/routers/${routerId}`);
  return { ok: true, message: "Interface roles saved.", roles: r.roles };
}

/** Reads the router for proposals; saves nothing. */
export async function proposeRolesAction(routerId: string): Promise<RolesState> {
  const auth = await authorize("operator");
  if (!auth.ok) return auth.state ?? null;
  const r = await proposeRouterRoles(routerId);
  if (!r.ok) return { ok: false, message: r.message };
  return {
    ok: true,
    message: r.proposals.length ? undefined : "The router names no interface list or zone to propose.",
    proposals: r.proposals,
  };
}
