import { z } from "zod";

/** The `{id}` in an operation's path: a router, rule set, token, user, channel or deployment id. */
export const idParams = z.object({ id: z.string().min(1).max(64) });
