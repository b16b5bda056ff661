import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/audit/record";
import type { RouterInput } from "./router-schema";
import { createRouter, getRouter, updateRouter, type InventoryResult } from "./routers";

/** API adapters: expected failures become API errors with the field path. */
export function throwIfFailed(r: InventoryResult): asserts r is { ok: true; id: string } {
  if (!r.ok) {
    if (r.message === "router not found") throw new ApiError("not_found", "No router with that id.");
    throw new ApiError(r.field === "name" ? "conflict" : "validation_failed", r.message, r.field ? [{ path: r.field, message: r.message }] : undefined);
  }
}

export async function createRouterForApi(actor: Actor, input: RouterInput) {
  const r = await createRouter(actor, input);
  throwIfFailed(r);
  return (await getRouter(r.id))!;
}

export async function updateRouterForApi(actor: Actor, id: string, input: RouterInput) {
  const r = await updateRouter(actor, id, input);
  throwIfFailed(r);
  return (await getRouter(r.id))!;
}

export async function getRouterOrThrow(id: string) {
  const r = await getRouter(id);
  if (!r) throw new ApiError("not_found", "No router with that id.");
  return r;
}
