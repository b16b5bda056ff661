"use server";

import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit/record";
import type { FormState } from "@/lib/auth/action";
import { fieldErrorsOf, formString } from "@/lib/auth/action";
import { clientMeta } from "@/lib/auth/client-meta";
import { firstAdminSchema, loginSchema } from "@/lib/auth/credentials-schema";
import { checkLogin, INVALID_LOGIN_MESSAGE, rateLimitedMessage } from "@/lib/auth/login";
import { safeNextPath } from "@/lib/auth/safe-next";
import { endSession, getSessionUser, startSession } from "@/lib/auth/session";
import { createFirstAdmin } from "@/lib/users/users";

export async function createFirstAdminAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const parsed = firstAdminSchema.safeParse({
    username: formString(fd, "username"),
    password: formString(fd, "password"),
    confirm: formString(fd, "confirm"),
  });
  if (!parsed.success)
    return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), values: { username: formString(fd, "username") } };
  const created = await createFirstAdmin(parsed.data.username, parsed.data.password);
  if (!created.ok) return { ok: false, message: created.message };
  const meta = await clientMeta();
  await recordAudit({
    actor: { type: "user", id: created.id, label: parsed.data.username },
    action: "user.create",
    targetType: "user",
    targetId: created.id,
    summary: `First admin '${parsed.data.username}' created`,
    ip: meta.ip,
  });
  await startSession(created.id, meta);
  redirect("/rule-sets");
}

export async function loginAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const parsed = loginSchema.safeParse({ username: formString(fd, "username"), password: formString(fd, "password") });
  if (!parsed.success)
    return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), values: { username: formString(fd, "username") } };
  const meta = await clientMeta();
  const result = await checkLogin(parsed.data.username, parsed.data.password, meta.ip);
  if (!result.ok) {
    const message = result.reason === "rate-limited" ? rateLimitedMessage(result.retryAfter) : INVALID_LOGIN_MESSAGE;
    return { ok: false, message, values: { username: parsed.data.username } };
  }
  await startSession(result.userId, meta, result.provenAt);
  redirect(safeNextPath(formString(fd, "next")));
}

export async function logoutAction(): Promise<void> {
  const user = await getSessionUser();
  await endSession();
  if (user)
    await recordAudit({
      actor: { type: "user", id: user.id, label: user.username },
      action: "logout",
      summary: `${user.username} signed out`,
      ip: (await clientMeta()).ip,
    });
  redirect("/login");
}
