import type { Role } from "@/lib/auth/roles";
import { failure, fieldFailure, type Failure } from "@/lib/failure";
import { pinsHostKey } from "@/lib/routers/profiles";
import type { RouterInput } from "./router-schema";
import { loadRouterTarget, pinHostKey } from "./routers";
import { decideConnectionTest } from "./stored-secret-use";
import { testRouterConnection, type ConnectionTestResult } from "./test-connection";

export type SettingsTestResult =
  /** Nothing was sent: the router is unknown, or this role may not send the stored secret there. */
  | ({ refused: true } & Failure<"not_found" | "forbidden">)
  /** matchedPinnedKey: the router proved the SSH host key already pinned for it. */
  | ({ refused: false; matchedPinnedKey: boolean } & ConnectionTestResult);

const TEST_TIMEOUTS = { connectTimeoutMs: 5000, commandTimeoutMs: 5000 };

/**
 * "Test connection" for the router form (`input`) or for the router as stored (`input` null). Nothing is sent
 * anywhere unless lib/inventory/stored-secret-use allows this role that target with that secret.
 */
export async function testRouterSettings(
  role: Role,
  routerId: string | null,
  input: RouterInput | null,
): Promise<SettingsTestResult> {
  const stored = routerId ? await loadRouterTarget(routerId, TEST_TIMEOUTS) : null;
  if ((routerId && !stored) || (!routerId && !input))
    return { refused: true, ...failure("not_found", "No router with that id.") };
  const decision = decideConnectionTest(role, stored, input);
  if (!decision.ok)
    return {
      refused: true,
      ...(decision.field
        ? fieldFailure("forbidden", decision.field, decision.message)
        : failure("forbidden", decision.message)),
    };
  const result = await testRouterConnection(decision.target);
  // Trust on first use, only for the stored endpoint: a key seen elsewhere is shown, and pinned when saved.
  if (result.ok && routerId && result.fingerprint && pinsHostKey(decision.target.vendor) && decision.atStoredEndpoint)
    await pinHostKey(routerId, result.fingerprint);
  return { refused: false, matchedPinnedKey: result.ok && !!decision.target.hostKeyFingerprint, ...result };
}
