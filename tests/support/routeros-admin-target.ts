import type { RouterTarget } from "@/lib/routers/driver";
import type { RouterOsPeer } from "../peers/routeros";

/** Where a test reaches a RouterOS peer as its admin over the plain API: to edit by hand, or read what it holds. */
export function routerOsAdminTarget(peer: Pick<RouterOsPeer, "host" | "port">, password = "admin"): RouterTarget {
  return { vendor: "mikrotik", host: peer.host, port: peer.port, transport: "api", username: "admin", password };
}
