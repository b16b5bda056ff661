import "server-only";
import { db } from "@/lib/db/client";

export interface AlertTargets {
  routers: { id: string; name: string }[];
  sites: string[];
}

/** What mutes and channel routing can name: every router by name, and the sites routers are in. */
export async function alertTargets(): Promise<AlertTargets> {
  const routers = await db.router.findMany({ select: { id: true, name: true, site: true }, orderBy: { name: "asc" } });
  return {
    routers: routers.map((r) => ({ id: r.id, name: r.name })),
    sites: [...new Set(routers.map((r) => r.site).filter(Boolean))].sort(),
  };
}
