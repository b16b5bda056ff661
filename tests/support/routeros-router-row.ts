import type { RouterInput } from "@/lib/inventory/router-schema";

/** The inventory form for a RouterOS peer on this host, reached over the plain API as `admin`. */
export function routerOsRouterInput(name: string, port: number, password = "admin"): RouterInput {
  return {
    name,
    vendor: "mikrotik",
    host: "127.0.0.1",
    port,
    transport: "api",
    username: "admin",
    password,
    site: "",
    tags: [],
    notes: "",
    tlsMode: "verify",
  };
}

/**
 * Adds that router to the inventory as the system; its id. lib is imported here, on first use, so that a test
 * file can point DATABASE_URL at its own database first.
 */
export async function addRouterOsRouter(
  name: string,
  port: number,
  opts: { password?: string; site?: string } = {},
): Promise<string> {
  const { createRouter } = await import("@/lib/inventory/routers");
  const r = await createRouter(
    { type: "system", id: null, label: "test" },
    { ...routerOsRouterInput(name, port, opts.password), site: opts.site ?? "" },
  );
  if (!r.ok) throw new Error(r.message);
  return r.id;
}
