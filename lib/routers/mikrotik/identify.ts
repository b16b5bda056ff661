import { DriverError, type RouterIdentity } from "../driver";
import type { RosConnection } from "./routeros-client";
import { identityRowSchema, parseUptime, resourceRowSchema } from "./router-rows";

export async function identify(conn: RosConnection): Promise<RouterIdentity> {
  const [resource, identity] = await Promise.all([
    conn.write(["/system/resource/print"]),
    conn.write(["/system/identity/print"]),
  ]);
  const res = resourceRowSchema.safeParse(resource[0]);
  if (!res.success) throw new DriverError("protocol", "/system/resource/print returned no version");
  const name = identityRowSchema.safeParse(identity[0]);
  const load = res.data["cpu-load"];
  return {
    name: name.success ? name.data.name : undefined,
    version: res.data.version,
    model: res.data["board-name"] ?? "unknown",
    uptimeSeconds: parseUptime(res.data.uptime),
    cpuLoadPercent: load !== undefined && /^\d+$/.test(load) ? Number(load) : null,
    fingerprint: conn.certificateFingerprint,
  };
}
