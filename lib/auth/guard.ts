import { redirect } from "next/navigation";
import { userCount } from "@/lib/users/users";
import { roleAllows, type Role } from "./roles";
import { getSessionUser, type SessionUser } from "./session";

/** For pages: the signed-in user with at least `role`, else a redirect (first run → setup, no session → login). */
export async function requirePageUser(role: Role = "viewer"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) {
    if ((await userCount()) === 0) redirect("/setup");
    redirect("/login");
  }
  if (!roleAllows(user.role, role)) redirect(`/forbidden?need=${role}`);
  return user;
}
