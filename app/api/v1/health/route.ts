import { apiHandler } from "@/lib/api/operation";
import { getAppHealth } from "@/lib/api/operations/system";
import { APP_VERSION } from "@/lib/app-version";
import { db } from "@/lib/db/client";

export const GET = apiHandler(getAppHealth, async () => {
  await db.$queryRawUnsafe("SELECT 1");
  return {
    status: "ok",
    version: APP_VERSION,
    database: "ok",
    time: new Date().toISOString(),
    uptimeSeconds: Math.round(process.uptime()),
  };
});
