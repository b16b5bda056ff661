import { z } from "zod";
import { createTokenSchema } from "@/lib/auth/credentials-schema";
import { roleSchema } from "@/lib/auth/roles";
import { defineOperation } from "../operation";
import { idParams } from "./id-params";

export const tokenSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: roleSchema,
  /** The lesser of `role` and the owner's current role; null while the owner is disabled. */
  actsAs: roleSchema.nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const listTokens = defineOperation({
  id: "listTokens",
  method: "GET",
  path: "/api/v1/tokens",
  summary: "List API tokens (secrets are never returned)",
  tag: "Tokens",
  role: "admin",
  response: z.object({ tokens: z.array(tokenSummarySchema) }),
});

export const createToken = defineOperation({
  id: "createToken",
  method: "POST",
  path: "/api/v1/tokens",
  summary: "Create an API token; the secret is in this response only",
  tag: "Tokens",
  role: "admin",
  body: createTokenSchema,
  response: z.object({ token: z.string(), summary: tokenSummarySchema }),
  successStatus: 201,
});

export const revokeToken = defineOperation({
  id: "revokeToken",
  method: "DELETE",
  path: "/api/v1/tokens/{id}",
  summary: "Revoke an API token; it is refused from then on",
  tag: "Tokens",
  role: "admin",
  params: idParams,
  response: z.null(),
  successStatus: 204,
});
