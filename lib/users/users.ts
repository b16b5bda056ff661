import { db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { failure, fieldFailure, type Failure } from "@/lib/failure";

export type UserResult<T = { id: string }> = ({ ok: true } & T) | Failure<"not_found" | "conflict">;

export async function userCount(): Promise<number> {
  return db.user.count();
}

/** Only succeeds on an install without users; the check and insert share one transaction. */
export async function createFirstAdmin(username: string, password: string): Promise<UserResult> {
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) return failure("conflict", "This install already has an admin. Sign in instead.");
    const u = await tx.user.create({ data: { username, passwordHash, role: "admin" } });
    return { ok: true as const, id: u.id };
  });
}

export async function createUser(input: { username: string; password: string; role: Role }): Promise<UserResult> {
  if (await db.user.findUnique({ where: { username: input.username } })) {
    return fieldFailure("conflict", "username", `username '${input.username}' is taken`);
  }
  const u = await db.user.create({
    data: { username: input.username, role: input.role, passwordHash: await hashPassword(input.password) },
  });
  return { ok: true, id: u.id };
}

export async function listUsers() {
  return db.user.findMany({
    orderBy: { username: "asc" },
    select: {
      id: true,
      username: true,
      role: true,
      disabled: true,
      createdAt: true,
      lastLoginAt: true,
      _count: { select: { sessions: true } },
    },
  });
}

/** Refuses changes that would leave the install without an enabled admin. */
export async function updateUser(id: string, change: { role?: Role; disabled?: boolean }): Promise<UserResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) return failure("not_found", "user not found");
    const losesAdmin =
      user.role === "admin" && !user.disabled && ((change.role && change.role !== "admin") || change.disabled === true);
    if (losesAdmin) {
      const admins = await tx.user.count({ where: { role: "admin", disabled: false } });
      if (admins <= 1)
        return fieldFailure(
          "conflict",
          change.role ? "role" : "disabled",
          "the last admin cannot be demoted or disabled",
        );
    }
    await tx.user.update({ where: { id }, data: change });
    if (change.disabled || change.role) await tx.session.deleteMany({ where: { userId: id } });
    return { ok: true as const, id };
  });
}
