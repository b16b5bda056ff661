import { z } from "zod";
import { changeOwnPasswordSchema, resetPasswordSchema } from "@/lib/auth/credentials-schema";
import { roleSchema } from "@/lib/auth/roles";
import { defineOperation } from "../operation";
import { idParams } from "./id-params";

export const userSummarySchema = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});

export const listUsersOp = defineOperation({
  id: "listUsers",
  method: "GET",
  path: "/api/v1/users",
  summary: "List users (password hashes are never returned)",
  tag: "Users",
  role: "admin",
  response: z.object({ users: z.array(userSummarySchema) }),
});

export const changeMyPasswordOp = defineOperation({
  id: "changeMyPassword",
  method: "POST",
  path: "/api/v1/me/password",
  summary:
    "Change your own password (needs the current one; a signed-in session, not an API token). Your other sessions end; your API tokens stay.",
  tag: "Users",
  role: "viewer",
  body: changeOwnPasswordSchema,
  response: z.object({ sessionsEnded: z.number().int() }),
});

export const resetUserPasswordOp = defineOperation({
  id: "resetUserPassword",
  method: "POST",
  path: "/api/v1/users/{id}/password",
  summary:
    "Set another user's password (admin). Every session of that user ends and every API token they own is revoked.",
  tag: "Users",
  role: "admin",
  params: idParams,
  body: resetPasswordSchema,
  response: z.object({ sessionsEnded: z.number().int(), tokensRevoked: z.number().int() }),
});
