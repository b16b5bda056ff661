import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { parseDriftDetail } from "./schemas";
import type { Failure } from "@/lib/failure";

export type AcknowledgeResult = { ok: true } | Failure<"not_found" | "conflict">;

/**
 * Acknowledge: the admin has seen the drift and leaves it for now. Recorded in the audit log; the drift stays
 * listed but marked acknowledged until the live state changes again (check-drift.ts drops the mark then).
 */
export async function acknowledgeDrift(actor: Actor, routerId: string): Promise<AcknowledgeResult> {
  const status = await db.routerStatus.findUnique({
    where: { routerId },
    select: { driftState: true, driftDetail: true, router: { select: { name: true } } },
  });
  if (!status) return { ok: false, code: "not_found", message: "router not found or never checked" };
  const detail = parseDriftDetail(status.driftDetail);
  if (status.driftState !== "drifted" || !detail)
    return { ok: false, code: "conflict", message: `${status.router.name} has no drift to acknowledge` };
  const acknowledged = { by: actor.label, at: new Date().toISOString() };
  await db.$transaction(async (tx) => {
    await tx.routerStatus.update({
      where: { routerId },
      data: { driftDetail: JSON.stringify({ ...detail, acknowledged }) },
    });
    await recordAudit(
      {
        actor,
        action: "drift.acknowledge",
        targetType: "router",
        targetId: routerId,
        summary: `Acknowledged ${detail.changes.length} difference${detail.changes.length === 1 ? "" : "s"} on '${status.router.name}' from its last pushed revision`,
        details: { changes: detail.changes.map((c) => c.description), liveHash: detail.liveHash },
      },
      tx,
    );
  });
  return { ok: true };
}
