import { ApiError, orThrow } from "@/lib/api/errors";
import type { Actor } from "@/lib/audit/record";
import type { RouterInput } from "./router-schema";
import { createRouter, getRouter, updateRouter } from "./routers";

/** API adapters: expected failures are thrown as API errors (lib/failure), with the field path. */
export async function createRouterForApi(actor: Actor, input: RouterInput) {
  const r = orThrow(await createRouter(actor, input));
  return (await getRouter(r.id))!;
}

export async function updateRouterForApi(actor: Actor, id: string, input: RouterInput) {
  const r = orThrow(await updateRouter(actor, id, input));
  return (await getRouter(r.id))!;
}

export async function getRouterOrThrow(id: string) {
  const r = await getRouter(id);
  if (!r) throw new ApiError("not_found", "No router with that id.");
  return r;
}
