import { z } from "zod";
import {
  fleetPageSchema,
  fleetQuerySchema,
  fleetRowSchema,
  seriesPointSchema,
  stateChangeSchema,
} from "@/lib/health/queries";
import { routerInputSchema } from "@/lib/inventory/router-schema";
import { routerViewSchema } from "@/lib/inventory/router-view";
import { defineOperation } from "../operation";
import { idParams } from "./id-params";
import { roleNameSchema } from "@/lib/rules/interface-roles";
import { roleMappingSchema, roleTargetSchema } from "@/lib/routers/roles";

export const connectionTestSchema = z.object({
  ok: z.boolean(),
  kind: z.string().nullable(),
  latencyMs: z.number(),
  message: z.string(),
  version: z.string().nullable(),
  model: z.string().nullable(),
});

export const listRoutersOp = defineOperation({
  id: "listRouters",
  method: "GET",
  path: "/api/v1/routers",
  summary: "List routers (credentials are never returned)",
  tag: "Routers",
  role: "viewer",
  response: z.object({ routers: z.array(routerViewSchema) }),
});

export const createRouterOp = defineOperation({
  id: "createRouter",
  method: "POST",
  path: "/api/v1/routers",
  summary: "Add a router; password/privateKey are write-only",
  tag: "Routers",
  role: "admin",
  body: routerInputSchema,
  response: routerViewSchema,
  successStatus: 201,
});

export const getRouterOp = defineOperation({
  id: "getRouter",
  method: "GET",
  path: "/api/v1/routers/{id}",
  summary: "One router",
  tag: "Routers",
  role: "viewer",
  params: idParams,
  response: routerViewSchema,
});

export const updateRouterOp = defineOperation({
  id: "updateRouter",
  method: "PUT",
  path: "/api/v1/routers/{id}",
  summary:
    "Replace a router's settings; omit password/privateKey to keep the stored secret (a changed vendor, host, port or transport needs it again: 422 at password)",
  tag: "Routers",
  role: "admin",
  params: idParams,
  body: routerInputSchema,
  response: routerViewSchema,
});

export const deleteRouterOp = defineOperation({
  id: "deleteRouter",
  method: "DELETE",
  path: "/api/v1/routers/{id}",
  summary: "Remove a router from management (the router itself is not touched)",
  tag: "Routers",
  role: "admin",
  params: idParams,
  response: z.null(),
  successStatus: 204,
});

export const testRouterOp = defineOperation({
  id: "testRouterConnection",
  method: "POST",
  path: "/api/v1/routers/{id}/test",
  summary:
    "Connect with the stored settings (only those: the stored secret goes nowhere else) and report what happened",
  tag: "Routers",
  role: "operator",
  params: idParams,
  response: connectionTestSchema,
});

export const fleetHealthOp = defineOperation({
  id: "getFleetHealth",
  method: "GET",
  path: "/api/v1/health/routers",
  summary: "Routers' latest health, a page at a time (by name), with the count in each state",
  tag: "Health",
  role: "viewer",
  query: fleetQuerySchema,
  response: fleetPageSchema.extend({ checkedAt: z.string() }),
});

export const routerHealthOp = defineOperation({
  id: "getRouterHealth",
  method: "GET",
  path: "/api/v1/health/routers/{id}",
  summary: "One router's health: latency over the last hour or day, and its last state changes (newest first)",
  tag: "Health",
  role: "viewer",
  params: idParams,
  query: z.object({ range: z.enum(["hour", "day"]).default("hour") }),
  response: z.object({
    router: fleetRowSchema,
    series: z.array(seriesPointSchema),
    changes: z.array(stateChangeSchema),
  }),
});

export const checkNowOp = defineOperation({
  id: "checkRouterNow",
  method: "POST",
  path: "/api/v1/health/routers/{id}/check",
  summary: "Poll one router now",
  tag: "Health",
  role: "operator",
  params: idParams,
  response: fleetRowSchema,
});

const roleRowSchema = z.object({ role: roleNameSchema, target: roleTargetSchema });

export const getRouterRolesOp = defineOperation({
  id: "getRouterRoles",
  method: "GET",
  path: "/api/v1/routers/{id}/roles",
  summary: "The router's interface roles: what each role of the rule sets (lan, wan, ...) is on this router",
  tag: "Routers",
  role: "viewer",
  params: idParams,
  response: z.object({ roles: z.array(roleRowSchema) }),
});

export const putRouterRolesOp = defineOperation({
  id: "setRouterRoles",
  method: "PUT",
  path: "/api/v1/routers/{id}/roles",
  summary:
    "Replace the router's interface roles. RouterOS maps a role to an interface-list or interface, OpenWrt to a zone or device",
  tag: "Routers",
  role: "admin",
  params: idParams,
  body: z.object({ roles: roleMappingSchema }),
  response: z.object({ roles: z.array(roleRowSchema) }),
});

export const proposeRouterRolesOp = defineOperation({
  id: "proposeRouterRoles",
  method: "GET",
  path: "/api/v1/routers/{id}/roles/proposals",
  summary: "Interface roles proposed from what the router has (its interface lists, its fw4 zones); saves nothing",
  tag: "Routers",
  role: "operator",
  params: idParams,
  response: z.object({ proposals: z.array(roleRowSchema) }),
});
