import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { revokeToken } from "@/lib/api/operations/tokens";
import { withdrawToken } from "@/lib/auth/api-tokens";

export const DELETE = apiHandler(revokeToken, async ({ principal, params }) => {
  if (!(await withdrawToken(principal!.actor, params.id)))
    throw new ApiError("not_found", "No active token with that id.");
  return null;
});
