import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { changeMyPasswordOp } from "@/lib/api/operations/users";
import { passwordRefusal } from "@/lib/api/password-refusal";
import { startSession } from "@/lib/auth/session";
import { clientAddressOf } from "@/lib/http/forwarded";
import { changeMyPassword } from "@/lib/users/passwords";

export const POST = apiHandler(changeMyPasswordOp, async ({ req, principal, body }) => {
  const p = principal!;
  // A token stands for automation, not for the person: it cannot change its owner's password.
  if (p.actor.type === "token")
    throw new ApiError("forbidden", "An API token cannot change a password; sign in and use a session.");
  const ip = clientAddressOf(req.headers);
  const r = await changeMyPassword(p.actor, p.userId, body.currentPassword, body.newPassword, ip);
  if (!r.ok) throw passwordRefusal(r);
  // Every session of the user ended, this one too; the browser that made the change gets a fresh one.
  await startSession(p.userId, { ip, userAgent: req.headers.get("user-agent") });
  return { sessionsEnded: Math.max(0, r.sessionsEnded - 1) };
});
