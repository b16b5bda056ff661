import { apiHandler } from "@/lib/api/operation";
import { createToken, listTokens } from "@/lib/api/operations/tokens";
import { issueToken, listApiTokens, tokenSummary } from "@/lib/auth/api-tokens";

export const GET = apiHandler(listTokens, async () => ({ tokens: (await listApiTokens()).map(tokenSummary) }));

export const POST = apiHandler(createToken, async ({ principal, body }) =>
  issueToken(principal!.actor, principal!.userId, body),
);
