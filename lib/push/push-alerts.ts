import { kickAlerts } from "@/lib/alerts/dispatcher";
import { alertStatements } from "@/lib/alerts/record";
import type { AlertType } from "@/lib/alerts/types";
import type { Sql } from "@/lib/db/direct-sql";
import type { DeploymentStatus } from "./schemas";

const TYPES: Partial<Record<DeploymentStatus, AlertType>> = {
  failed: "push-failed",
  "rolled-back": "push-rolled-back",
  "failed-unknown": "push-unknown",
};

/**
 * The alert for a push's outcome, committed with the outcome (DeploymentLog.finish). Refused and skipped pushes
 * changed nothing and raise none. Working out the alert must never keep the outcome from being recorded.
 */
export async function pushAlertStatements(
  d: { id: string; routerId: string; routerName: string },
  o: { status: DeploymentStatus; error?: string | null; rollbackOutcome?: string | null },
): Promise<Sql[]> {
  const type = TYPES[o.status];
  if (!type) return [];
  const what =
    o.status === "failed"
      ? "Push failed"
      : o.status === "rolled-back"
        ? "Push failed and was rolled back"
        : "Push outcome unknown";
  const detail = [o.error, o.rollbackOutcome].filter(Boolean).join(" — ");
  try {
    const s = await alertStatements({
      type,
      routerId: d.routerId,
      summary: `${what}: ${detail}`.slice(0, 1000),
      link: `/deployments/${d.id}`,
    });
    if (s.length > 0) setTimeout(kickAlerts, 50).unref?.();
    return s;
  } catch (err) {
    console.error(
      `[alerts] recording the alert for deployment ${d.id} failed: ${err instanceof Error ? err.name : "error"}`,
    );
    return [];
  }
}
