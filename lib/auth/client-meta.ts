import { headers } from "next/headers";
import { clientAddressOf } from "@/lib/http/forwarded";

/** Client address (as the server resolved it from the socket and trusted proxies) and user agent, for audit and rate limiting. */
export async function clientMeta(): Promise<{ ip: string | null; userAgent: string | null }> {
  const h = await headers();
  return { ip: clientAddressOf(h), userAgent: h.get("user-agent") };
}
