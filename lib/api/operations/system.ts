import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";
import { defineOperation } from "../operation";

export const appHealthResponse = z.object({
  status: z.literal("ok"),
  version: z.string(),
  database: z.literal("ok"),
  time: z.string(),
  uptimeSeconds: z.number(),
});

export const getAppHealth = defineOperation({
  id: "getAppHealth",
  method: "GET",
  path: "/api/v1/health",
  summary: "Liveness of the dashboard itself (no authentication)",
  tag: "System",
  role: "public",
  response: appHealthResponse,
});

export const meResponse = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  via: z.enum(["session", "token"]),
  tokenName: z.string().nullable(),
});

export const getMe = defineOperation({
  id: "getMe",
  method: "GET",
  path: "/api/v1/me",
  summary: "The user (or token) making the request",
  tag: "System",
  role: "viewer",
  response: meResponse,
});

export const downloadBackupOp = defineOperation({
  id: "downloadBackup",
  method: "GET",
  path: "/api/v1/backup",
  summary:
    "A consistent copy of the whole database (SQLite file, application/vnd.sqlite3 download), taken while the server runs. " +
    "Router secrets in it stay sealed: the credential key is not included. Restore with `npx rampart restore FILE` (admins)",
  tag: "System",
  role: "admin",
  response: z.string(),
  responseMediaType: "application/vnd.sqlite3",
});
