import { apiHandler } from "@/lib/api/operation";
import { listUsersOp } from "@/lib/api/operations/users";
import { roleSchema } from "@/lib/auth/roles";
import { listUsers } from "@/lib/users/users";

export const GET = apiHandler(listUsersOp, async () => ({
  users: (await listUsers()).map((u) => ({
    id: u.id,
    username: u.username,
    role: roleSchema.catch("viewer").parse(u.role),
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  })),
}));
