import { authenticateBearer } from "@/lib/auth/api-tokens";
import { lookupSession, SESSION_COOKIE } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { clientAddressOf } from "@/lib/http/forwarded";
import { ApiError } from "./errors";

export interface Principal {
  role: Role;
  userId: string;
  actor: Actor;
}

/**
 * Bearer tokens are the API's authentication for automation. A browser session cookie is accepted only for
 * same-origin requests, so another site cannot ride an admin's session (CSRF).
 */
export async function resolvePrincipal(req: Request): Promise<Principal> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const tok = m ? await authenticateBearer(m[1]) : null;
    if (!tok) throw new ApiError("unauthorized", "The bearer token is invalid, expired or revoked.");
    const actor: Actor = { type: "token", id: tok.tokenId, label: `token '${tok.name}'` };
    await auditTokenUse(req, actor, tok.previousUseAt);
    return { role: tok.role, userId: tok.ownerId, actor };
  }
  const cookie = parseCookie(req.headers.get("cookie") ?? "", SESSION_COOKIE);
  if (!cookie) throw new ApiError("unauthorized", "Authentication required: send 'Authorization: Bearer <token>'.");
  if (!isSameOrigin(req))
    throw new ApiError("forbidden", "Cross-origin requests with a session cookie are refused; use an API token.");
  const user = await lookupSession(cookie);
  if (!user) throw new ApiError("unauthorized", "Your session has ended. Sign in again.");
  return { role: user.role, userId: user.id, actor: { type: "user", id: user.id, label: user.username } };
}

/** Every write made with a token is audited; reads at most once per token every 10 minutes, to keep the log useful. */
async function auditTokenUse(req: Request, actor: Actor, previousUseAt: Date | null) {
  const write = req.method !== "GET" && req.method !== "HEAD";
  if (!write && previousUseAt && Date.now() - previousUseAt.getTime() < 10 * 60_000) return;
  const path = new URL(req.url).pathname;
  await recordAudit({
    actor,
    action: "token.use",
    targetType: "token",
    targetId: actor.id ?? undefined,
    summary: `${req.method} ${path}`,
    ip: clientAddressOf(req.headers),
  });
}

function isSameOrigin(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = req.headers.get("origin");
  if (!origin) return true;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function parseCookie(header: string, name: string): string | null {
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k !== name) continue;
    // A malformed escape (%E0%A4%A) is no session, as Next's own cookie parser treats it; not a URIError.
    try {
      return decodeURIComponent(v.join("="));
    } catch {
      return null;
    }
  }
  return null;
}
