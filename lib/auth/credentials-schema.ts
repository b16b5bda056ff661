import { z } from "zod";
import { nameTextSchema } from "@/lib/validation/text-rules";
import { roleSchema } from "./roles";

/** Passwords are never trimmed: what the admin typed is the password. */
export const usernameSchema = z
  .string({ error: "username is required" })
  .trim()
  .min(3, "username must be 3-64 characters")
  .max(64, "username must be 3-64 characters")
  .regex(/^[A-Za-z0-9._@-]+$/, "username may use only letters, digits and . _ @ -");

export const newPasswordSchema = z
  .string({ error: "password is required" })
  .min(12, "password must be at least 12 characters")
  .max(256, "password must be at most 256 characters")
  .refine((p) => !/[\u0000-\u001f\u007f]/.test(p), "password must not contain control characters");

export const loginSchema = z.object({
  username: z.string().trim().min(1, "username is required").max(64, "username must be 3-64 characters"),
  password: z.string().min(1, "password is required").max(256, "password must be at most 256 characters"),
});

export const firstAdminSchema = z
  .object({ username: usernameSchema, password: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "passwords do not match" });

export const createUserSchema = z.object({ username: usernameSchema, password: newPasswordSchema, role: roleSchema });
export const updateUserSchema = z.object({ role: roleSchema.optional(), disabled: z.boolean().optional() });
/** API bodies; the forms add `confirm` (the new password typed twice). */
export const resetPasswordSchema = z.object({ newPassword: newPasswordSchema });
export const changeOwnPasswordSchema = z.object({
  currentPassword: z
    .string({ error: "current password is required" })
    .min(1, "current password is required")
    .max(256, "password must be at most 256 characters"),
  newPassword: newPasswordSchema,
});
const confirmed = <T extends { newPassword: string; confirm: string }>(v: T) => v.newPassword === v.confirm;
export const resetPasswordFormSchema = resetPasswordSchema
  .extend({ confirm: z.string() })
  .refine(confirmed, { path: ["confirm"], message: "passwords do not match" });
export const changeOwnPasswordFormSchema = changeOwnPasswordSchema
  .extend({ confirm: z.string() })
  .refine(confirmed, { path: ["confirm"], message: "passwords do not match" });

export const createTokenSchema = z.object({
  name: nameTextSchema("name", 1, 80),
  role: roleSchema,
  expiresInDays: z
    .number()
    .int("expiry must be a whole number of days")
    .min(1, "expiry must be 1-3650 days")
    .max(3650, "expiry must be 1-3650 days")
    .nullable()
    .default(null),
});
