import { cache } from "react";
import { cookies, headers } from "next/headers";
import { db } from "@/lib/db/client";
import { serverEnv } from "@/lib/env";
import { roleSchema, type Role } from "./roles";
import { newSecret, sha256Hex } from "./tokens";

export const SESSION_COOKIE = "rampart_session";
const SESSION_HOURS = 12;
/** Sliding window: a session unused this long ends even before its absolute expiry. */
const IDLE_MINUTES = 120;

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  sessionId: string;
}

async function isHttps(): Promise<boolean> {
  const h = await headers();
  return h.get("x-forwarded-proto") === "https" || serverEnv().RAMPART_SECURE_COOKIES;
}

/**
 * Creates a session and sets the cookie. Rotation: every login gets a fresh token, never a reused one.
 * `provenAt` is when the password was checked: a password reset after that moment ends this session too,
 * even when the reset landed between the check and this insert.
 */
export async function startSession(
  userId: string,
  meta: { ip?: string | null; userAgent?: string | null },
  provenAt = new Date(),
) {
  const token = newSecret("");
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  const jar = await cookies();
  // The session this browser had before signing in ends here: a cookie from before the login never works again.
  const previous = jar.get(SESSION_COOKIE)?.value;
  if (previous) await db.session.deleteMany({ where: { id: sha256Hex(previous) } });
  await db.session.create({
    data: {
      id: sha256Hex(token),
      userId,
      expiresAt,
      createdAt: provenAt,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 200) ?? null,
    },
  });
  jar.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: await isHttps(),
    path: "/",
    expires: expiresAt,
  });
}

export async function endSession(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) await db.session.deleteMany({ where: { id: sha256Hex(token) } });
  jar.delete(SESSION_COOKIE);
}

/** The signed-in user for this request, or null. Cached per request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (!token || token.length > 100) return null;
  return lookupSession(token);
});

export async function lookupSession(token: string): Promise<SessionUser | null> {
  const id = sha256Hex(token);
  const s = await db.session.findUnique({ where: { id }, include: { user: true } });
  if (!s) return null;
  const now = Date.now();
  // A session older than the user's last password change is over, even if a delete raced with its creation.
  const beforePasswordChange = s.createdAt.getTime() < s.user.passwordChangedAt.getTime();
  if (
    s.expiresAt.getTime() <= now ||
    now - s.lastSeenAt.getTime() > IDLE_MINUTES * 60_000 ||
    s.user.disabled ||
    beforePasswordChange
  ) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  // Touch at most once a minute so reads stay cheap.
  if (now - s.lastSeenAt.getTime() > 60_000)
    await db.session.update({ where: { id }, data: { lastSeenAt: new Date(now) } });
  const role = roleSchema.safeParse(s.user.role);
  if (!role.success) return null;
  return { id: s.user.id, username: s.user.username, role: role.data, sessionId: id };
}

export async function endAllSessionsOf(userId: string): Promise<number> {
  const r = await db.session.deleteMany({ where: { userId } });
  return r.count;
}
