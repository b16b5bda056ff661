import { alertStatements } from "@/lib/alerts/record";
import { queryRows, sql, type Sql } from "@/lib/db/direct-sql";
import type { ConnectionTestResult } from "@/lib/inventory/test-connection";
import type { HealthObservation } from "./classify";

const isDown = (state: string) => state === "down" || state === "auth-failed";
const IDENTITY_KINDS: Record<string, string> = {
  "host-key-mismatch": "SSH host key changed",
  "tls-mismatch": "TLS certificate does not match",
};

/**
 * Alerts for one poll, only on a change: "down" when a router that answered stops answering (or refuses our
 * login), "back up" once when it answers again, "host key or certificate changed" when the poll first finds the
 * pinned identity different. A router seen for the first time raises nothing: there was no state to change; and
 * so its first answer after being first seen down is no "back up" either (no "down" came before it).
 */
export async function healthAlerts(
  routerId: string,
  prev: { state: string; lastError: string | null } | null,
  obs: HealthObservation,
  result: ConnectionTestResult,
  at: Date,
): Promise<Sql[]> {
  const out: Sql[] = [];
  const link = `/routers/${routerId}`;
  if (prev && prev.state !== "unknown") {
    if (!isDown(prev.state) && isDown(obs.state))
      out.push(
        ...(await alertStatements({
          type: "router-down",
          routerId,
          summary: `Router is ${obs.state === "auth-failed" ? "refusing Rampart's login" : "down"}: ${obs.error ?? "no answer"}`,
          link,
          at,
        })),
      );
    else if (isDown(prev.state) && !isDown(obs.state) && (await downPeriodWasAlerted(routerId)))
      out.push(
        ...(await alertStatements({
          type: "router-up",
          routerId,
          summary: `Router is back up (answered in ${obs.latencyMs ?? "?"} ms)`,
          link,
          at,
        })),
      );
  }
  const lead = !result.ok ? IDENTITY_KINDS[result.kind] : undefined;
  if (lead && !prev?.lastError?.startsWith(lead)) {
    out.push(
      ...(await alertStatements({
        type: "host-key-changed",
        routerId,
        summary: `${lead}: ${obs.error ?? ""}. Rampart no longer talks to this router until an admin checks and accepts the new identity.`,
        link,
        at,
      })),
    );
  }
  return out;
}

/** Whether the down period now ending began from a known state (and so raised "down"), not from "unknown". */
async function downPeriodWasAlerted(routerId: string): Promise<boolean> {
  const rows = await queryRows(sql`
    SELECT "fromState" FROM "RouterStateChange"
    WHERE "routerId" = ${routerId} AND "toState" IN ('down', 'auth-failed') AND "fromState" NOT IN ('down', 'auth-failed')
    ORDER BY "at" DESC LIMIT 1`);
  return rows.length > 0 && rows[0].fromState !== "unknown";
}
