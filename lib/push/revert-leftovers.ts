import { execute, queryRows, sql } from "@/lib/db/direct-sql";
import type { DriverSession, PendingRevert } from "@/lib/routers/driver";
import { randomUUID } from "node:crypto";
import { RUNNING_STATUSES } from "./schemas";

/**
 * Revert timers that outlive their push. A timer restores the firewall its own push read before applying; left
 * on the router after that push ended (reply to its add lost, disarm failed, Rampart restarted), it would undo
 * whatever was confirmed since. So before a push arms its own timer it looks for any other push's timer or script
 * on the router and settles it: another push still running there means wait (refuse now, nothing sent); anything
 * else is removed, after which the caller reads the firewall again, and the dead push's record gets a note.
 */
export type LeftoverCheck = { ok: true; removed: PendingRevert[] } | { ok: false; refusal: string };

export async function settleLeftoverReverts(
  session: DriverSession,
  deploymentId: string,
  listed?: PendingRevert[] | null,
): Promise<LeftoverCheck> {
  // `listed`: the caller's listReverts() of this same session, read alongside the firewall (one round trip less).
  const others = (listed ?? (await session.listReverts())).filter((r) => r.pushId !== deploymentId);
  if (others.length === 0) return { ok: true, removed: [] };
  const active = await activeDeployments(others.map((r) => r.pushId));
  if (active.length > 0) {
    return {
      ok: false,
      refusal: `push ${active[0]} to this router is still running and its revert timer is armed; push again when it has finished. Nothing was changed`,
    };
  }
  const removed: PendingRevert[] = [];
  for (const r of others) {
    const was = await session.clearRevert(r.pushId);
    if (was) removed.push(was);
  }
  return { ok: true, removed };
}

/** What a removed leftover was, for both deployments' logs. */
export function describeLeftover(r: PendingRevert): string {
  if (r.pending)
    return `a pending revert timer${r.firesAt ? ` (it would have fired at ${r.firesAt}, router time)` : ""} and its restore script`;
  if (r.timer) return "a revert timer that had already run, and its restore script";
  return "a restore script without a timer (nothing would have run it)";
}

/** A step on an earlier deployment's log: what a later look at the router found and did about its timer. */
export async function noteOnDeployment(deploymentId: string, message: string): Promise<void> {
  // Ids come from the router's script names: only a deployment that exists gets a note.
  await execute(sql`INSERT INTO "DeploymentStep" ("id", "deploymentId", "seq", "at", "phase", "level", "message")
    SELECT ${randomUUID()}, d."id", COALESCE((SELECT MAX(s."seq") FROM "DeploymentStep" s WHERE s."deploymentId" = d."id"), 0) + 1, ${new Date()}, 'rollback', 'warn', ${message}
    FROM "Deployment" d WHERE d."id" = ${deploymentId}`);
}

async function activeDeployments(ids: string[]): Promise<string[]> {
  const rows: string[] = [];
  for (const id of ids) {
    const r = await queryRows(sql`SELECT "id", "status" FROM "Deployment" WHERE "id" = ${id}`);
    if (r.length && (RUNNING_STATUSES as readonly string[]).includes(String(r[0].status))) rows.push(id);
  }
  return rows;
}
