import { apiHandler } from "@/lib/api/operation";
import { resetUserPasswordOp } from "@/lib/api/operations/users";
import { passwordRefusal } from "@/lib/api/password-refusal";
import { clientAddressOf } from "@/lib/http/forwarded";
import { resetUserPassword } from "@/lib/users/passwords";

export const POST = apiHandler(resetUserPasswordOp, async ({ req, principal, params, body }) => {
  const r = await resetUserPassword(
    principal!.actor,
    principal!.userId,
    params.id,
    body.newPassword,
    clientAddressOf(req.headers),
  );
  if (!r.ok) throw passwordRefusal(r);
  return { sessionsEnded: r.sessionsEnded, tokensRevoked: r.tokensRevoked };
});
