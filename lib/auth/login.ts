import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { timingDummyHash, verifyPassword } from "./password";
import { clearAttempts, loginKeys, reserveAttempt } from "./rate-limit";

export type LoginResult =
  /** provenAt: when the password hash that matched was read; the session starts then (see lookupSession). */
  | { ok: true; userId: string; username: string; provenAt: Date }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate-limited"; retryAfter: number };

/**
 * One generic failure for unknown user, wrong password and disabled account: no username oracle. The attempt
 * is counted before the password is checked (lib/auth/rate-limit.ts), so requests sent at once cannot all
 * get a check in before the limit applies.
 */
export async function checkLogin(username: string, password: string, ip: string | null): Promise<LoginResult> {
  const keys = loginKeys(username, ip);
  const reserved = await reserveAttempt(keys);
  if (!reserved.ok) return { ok: false, reason: "rate-limited", retryAfter: reserved.retryAfter };

  const provenAt = new Date();
  const user = await db.user.findUnique({ where: { username } });
  const valid = user
    ? await verifyPassword(user.passwordHash, password)
    : await verifyPassword(await timingDummyHash(), password);
  if (!user || !valid || user.disabled) {
    await recordAudit({
      actor: { type: "user", id: user?.id ?? null, label: username.slice(0, 64) },
      action: "login.failed",
      summary: `Failed sign-in for '${username.slice(0, 64)}'`,
      ip,
    });
    return { ok: false, reason: "invalid" };
  }
  await clearAttempts(keys);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await recordAudit({
    actor: { type: "user", id: user.id, label: user.username },
    action: "login.ok",
    summary: `${user.username} signed in`,
    ip,
  });
  return { ok: true, userId: user.id, username: user.username, provenAt };
}

export const INVALID_LOGIN_MESSAGE = "Wrong username or password.";
export function rateLimitedMessage(seconds: number): string {
  return `Too many failed sign-ins. Try again in ${seconds} s.`;
}
