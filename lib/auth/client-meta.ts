import { headers } from "next/headers";

/** Best-effort client address for audit and rate limiting (first X-Forwarded-For hop when behind a proxy). */
export async function clientMeta(): Promise<{ ip: string | null; userAgent: string | null }> {
  const h = await headers();
  const fwd = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return { ip: fwd || h.get("x-real-ip") || null, userAgent: h.get("user-agent") };
}
