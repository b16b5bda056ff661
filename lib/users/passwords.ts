import { db } from "@/lib/db/client";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { clearAttempts, loginKeys, reserveAttempt } from "@/lib/auth/rate-limit";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { failure, fieldFailure, fieldOf, type Failure } from "@/lib/failure";

/**
 * What a password change does to a user's other ways in (docs/accounts.md):
 * - reset (by an admin or the CLI: the password may be known to someone else) ends every session of the user
 *   and revokes every API token they own;
 * - a change by the user, who proved the current password, ends all their sessions (the caller starts a fresh
 *   one for the browser that made the change) and keeps their tokens.
 * Sessions created before `passwordChangedAt` are refused anyway (lib/auth/session.ts).
 */
export type PasswordResult =
  | { ok: true; id: string; username: string; sessionsEnded: number; tokensRevoked: number }
  /** validation_failed: at the field (currentPassword, newPassword); bad_request: refused as a whole. */
  | Failure<"not_found" | "validation_failed" | "bad_request" | "rate_limited">;

export async function resetPassword(
  target: { id: string } | { username: string },
  newPassword: string,
): Promise<PasswordResult> {
  const user = await db.user.findUnique({ where: "id" in target ? { id: target.id } : { username: target.username } });
  if (!user) return failure("not_found", "id" in target ? "no such user" : `no user '${target.username}'`);
  const passwordHash = await hashPassword(newPassword);
  const now = new Date();
  const [, sessions, tokens] = await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now } }),
    db.session.deleteMany({ where: { userId: user.id } }),
    db.apiToken.updateMany({ where: { createdById: user.id, revokedAt: null }, data: { revokedAt: now } }),
  ]);
  return { ok: true, id: user.id, username: user.username, sessionsEnded: sessions.count, tokensRevoked: tokens.count };
}

/** The signed-in user's own change: the current password is checked, and counted like a sign-in attempt. */
export async function changeOwnPassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
  ip: string | null,
): Promise<PasswordResult> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || user.disabled) return failure("not_found", "no such user");
  const keys = loginKeys(user.username, ip);
  const reserved = await reserveAttempt(keys);
  if (!reserved.ok)
    return fieldFailure(
      "rate_limited",
      "currentPassword",
      `too many wrong passwords; try again in ${reserved.retryAfter} s`,
    );
  if (!(await verifyPassword(user.passwordHash, currentPassword)))
    return fieldFailure("validation_failed", "currentPassword", "current password is wrong");
  await clearAttempts(keys);
  if (newPassword === currentPassword)
    return fieldFailure("validation_failed", "newPassword", "the new password must differ from the current one");
  const passwordHash = await hashPassword(newPassword);
  const [, sessions] = await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: new Date() } }),
    db.session.deleteMany({ where: { userId: user.id } }),
  ]);
  return { ok: true, id: user.id, username: user.username, sessionsEnded: sessions.count, tokensRevoked: 0 };
}

/** Shared by the Settings page and the API: an admin resets someone else's password, audited. */
export async function resetUserPassword(
  actor: Actor,
  actingUserId: string,
  targetId: string,
  newPassword: string,
  ip?: string | null,
): Promise<PasswordResult> {
  if (actingUserId === targetId) {
    return failure("bad_request", "Change your own password with 'Change my password': it asks for the current one.");
  }
  const r = await resetPassword({ id: targetId }, newPassword);
  if (r.ok) {
    await recordAudit({
      actor,
      action: "user.password-reset",
      targetType: "user",
      targetId: r.id,
      summary: `Reset the password of '${r.username}'; ${r.sessionsEnded} session(s) ended, ${r.tokensRevoked} API token(s) revoked`,
      ip,
    });
  }
  return r;
}

/** Shared by the Settings page and the API: the signed-in user changes their own password, audited either way. */
export async function changeMyPassword(
  actor: Actor,
  userId: string,
  currentPassword: string,
  newPassword: string,
  ip: string | null,
): Promise<PasswordResult> {
  const r = await changeOwnPassword(userId, currentPassword, newPassword, ip);
  if (r.ok) {
    await recordAudit({
      actor,
      action: "user.password-change",
      targetType: "user",
      targetId: r.id,
      summary: `${r.username} changed their password; ${r.sessionsEnded} session(s) ended`,
      ip,
    });
  } else if (fieldOf(r) === "currentPassword") {
    await recordAudit({
      actor,
      action: "user.password-change-failed",
      targetType: "user",
      targetId: userId,
      summary: `Password change refused: ${r.message}`,
      ip,
    });
  }
  return r;
}
