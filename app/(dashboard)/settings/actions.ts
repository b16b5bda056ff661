"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { authorize, failureState, formAction, formString, type FormState } from "@/lib/auth/action";
import { issueToken, withdrawToken } from "@/lib/auth/api-tokens";
import { clientMeta } from "@/lib/auth/client-meta";
import {
  changeOwnPasswordFormSchema,
  createTokenSchema,
  createUserSchema,
  resetPasswordFormSchema,
} from "@/lib/auth/credentials-schema";
import { roleSchema } from "@/lib/auth/roles";
import { endAllSessionsOf, startSession, type SessionUser } from "@/lib/auth/session";
import { changeMyPassword, resetUserPassword, type PasswordResult } from "@/lib/users/passwords";
import { createUser, updateUser } from "@/lib/users/users";

const actorOf = (u: SessionUser): Actor => ({ type: "user", id: u.id, label: u.username });
const idSchema = z.string().min(1).max(64);

export const createUserAction = formAction(
  "admin",
  createUserSchema,
  (fd) => ({
    username: formString(fd, "username"),
    password: formString(fd, "password"),
    role: formString(fd, "role"),
  }),
  async (input, user) => {
    const r = await createUser(input);
    if (!r.ok) return { ...failureState(r), message: r.issues ? undefined : r.message };
    await recordAudit({
      actor: actorOf(user),
      action: "user.create",
      targetType: "user",
      targetId: r.id,
      summary: `Created user '${input.username}' (${input.role})`,
      ip: (await clientMeta()).ip,
    });
    revalidatePath("/settings");
    return { ok: true, message: `User '${input.username}' created.` };
  },
);

export const changeRoleAction = formAction(
  "admin",
  z.object({ id: idSchema, role: roleSchema }),
  (fd) => ({ id: formString(fd, "id"), role: formString(fd, "role") }),
  async ({ id, role }, user) => {
    const r = await updateUser(id, { role });
    if (!r.ok) return { ok: false, message: r.message };
    await recordAudit({
      actor: actorOf(user),
      action: "user.role",
      targetType: "user",
      targetId: id,
      summary: `Changed role to ${role}`,
      ip: (await clientMeta()).ip,
    });
    revalidatePath("/settings");
    return { ok: true, message: "Role changed; the user's sessions were ended." };
  },
);

export const setDisabledAction = formAction(
  "admin",
  z.object({ id: idSchema, disabled: z.enum(["true", "false"]).transform((v) => v === "true") }),
  (fd) => ({ id: formString(fd, "id"), disabled: formString(fd, "disabled") }),
  async ({ id, disabled }, user) => {
    const r = await updateUser(id, { disabled });
    if (!r.ok) return { ok: false, message: r.message };
    await recordAudit({
      actor: actorOf(user),
      action: disabled ? "user.disable" : "user.enable",
      targetType: "user",
      targetId: id,
      summary: disabled ? "Disabled user" : "Enabled user",
      ip: (await clientMeta()).ip,
    });
    revalidatePath("/settings");
    return { ok: true };
  },
);

export const endSessionsAction = formAction(
  "admin",
  z.object({ id: idSchema }),
  (fd) => ({ id: formString(fd, "id") }),
  async ({ id }, user) => {
    const n = await endAllSessionsOf(id);
    await recordAudit({
      actor: actorOf(user),
      action: "user.sessions-ended",
      targetType: "user",
      targetId: id,
      summary: `Ended ${n} session(s)`,
      ip: (await clientMeta()).ip,
    });
    revalidatePath("/settings");
    return { ok: true, message: `Ended ${n} session(s).` };
  },
);

function passwordRefused(r: Extract<PasswordResult, { ok: false }>): FormState {
  return failureState(r);
}

/** Every signed-in user: needs the current password; their other sessions end, this browser gets a fresh one. */
export const changeOwnPasswordAction = formAction(
  "viewer",
  changeOwnPasswordFormSchema,
  (fd) => ({
    currentPassword: formString(fd, "currentPassword"),
    newPassword: formString(fd, "newPassword"),
    confirm: formString(fd, "confirm"),
  }),
  async (input, user) => {
    const meta = await clientMeta();
    const r = await changeMyPassword(actorOf(user), user.id, input.currentPassword, input.newPassword, meta.ip);
    if (!r.ok) return passwordRefused(r);
    await startSession(user.id, meta);
    revalidatePath("/settings");
    const others = Math.max(0, r.sessionsEnded - 1);
    return {
      ok: true,
      message: `Password changed. ${others === 0 ? "You had no other sessions." : `${others} other session(s) were signed out.`}`,
    };
  },
);

/** Admins, for someone else: the user's sessions end and their API tokens are revoked (lib/users/passwords.ts). */
export const resetUserPasswordAction = formAction(
  "admin",
  z.object({ id: idSchema }).and(resetPasswordFormSchema),
  (fd) => ({
    id: formString(fd, "id"),
    newPassword: formString(fd, "newPassword"),
    confirm: formString(fd, "confirm"),
  }),
  async (input, user) => {
    const r = await resetUserPassword(actorOf(user), user.id, input.id, input.newPassword, (await clientMeta()).ip);
    if (!r.ok)
      return r.code === "not_found"
        ? { ok: false, fieldErrors: { id: "choose a user" }, message: "That user no longer exists." }
        : passwordRefused(r);
    revalidatePath("/settings");
    return {
      ok: true,
      message: `Password of '${r.username}' reset: ${r.sessionsEnded} session(s) ended, ${r.tokensRevoked} API token(s) revoked.`,
    };
  },
);

export const createTokenAction = formAction(
  "admin",
  createTokenSchema,
  (fd) => {
    const days = formString(fd, "expiresInDays").trim();
    return {
      name: formString(fd, "name"),
      role: formString(fd, "role"),
      expiresInDays: days === "" ? null : Number(days),
    };
  },
  async (input, user) => {
    const created = await issueToken(actorOf(user), user.id, input, (await clientMeta()).ip);
    revalidatePath("/settings");
    return { ok: true, message: "Token created. Copy it now: it is shown only once.", data: { token: created.token } };
  },
);

/** Revoke is a plain form post; the role is checked here, not by hiding the button. */
export async function revokeTokenAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const auth = await authorize("admin");
  if (!auth.ok) return auth.state;
  const id = idSchema.safeParse(formString(fd, "id"));
  if (!id.success) return { ok: false, message: "Unknown token." };
  const done = await withdrawToken(actorOf(auth.user), id.data, (await clientMeta()).ip);
  revalidatePath("/settings");
  return done
    ? { ok: true, message: "Token revoked." }
    : { ok: false, message: "That token is already revoked or does not exist." };
}
