import { apiHandler } from "@/lib/api/operation";
import { getMe } from "@/lib/api/operations/system";
import { db } from "@/lib/db/client";

export const GET = apiHandler(getMe, async ({ principal }) => {
  const p = principal!;
  const user = await db.user.findUniqueOrThrow({ where: { id: p.userId } });
  return {
    id: user.id,
    username: user.username,
    role: p.role,
    via: p.actor.type === "token" ? "token" : "session",
    tokenName: p.actor.type === "token" ? p.actor.label : null,
  };
});
