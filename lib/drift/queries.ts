import { db } from "@/lib/db/client";
import { revisionNumbers } from "@/lib/push/assignments";
import { driftStateSchema, parseDriftDetail, toDifference, type DriftView } from "./schemas";

/** What a drift view is built from (driftViews' Row). */
const DRIFT_ROW = {
  id: true,
  status: { select: { driftState: true, driftDetail: true, lastPushedRevisionId: true, driftCheckedAt: true } },
} as const;

/** The drift of one router as the last check recorded it (no router I/O). */
export async function getDriftView(routerId: string): Promise<DriftView | null> {
  const router = await db.router.findUnique({
    where: { id: routerId },
    select: DRIFT_ROW,
  });
  if (!router) return null;
  return (await driftViews([router]))[0];
}

/** Drifted routers (acknowledged or not) that last received a revision of this rule set, for its banner. */
export async function driftedRoutersOf(
  ruleSetId: string,
): Promise<{ id: string; name: string; acknowledged: boolean; differences: number }[]> {
  const rows = await db.router.findMany({
    where: { status: { driftState: "drifted" } },
    select: { id: true, name: true, status: { select: { driftDetail: true, lastPushedRevisionId: true } } },
    orderBy: { name: "asc" },
  });
  const numbers = await revisionNumbers(rows.map((r) => r.status?.lastPushedRevisionId));
  return rows.flatMap((r) => {
    const rev = r.status?.lastPushedRevisionId ? numbers.get(r.status.lastPushedRevisionId) : undefined;
    if (rev?.ruleSetId !== ruleSetId) return [];
    const d = parseDriftDetail(r.status?.driftDetail);
    return [{ id: r.id, name: r.name, acknowledged: !!d?.acknowledged, differences: d?.changes.length ?? 0 }];
  });
}

type Row = {
  id: string;
  status: {
    driftState: string;
    driftDetail: string | null;
    lastPushedRevisionId: string | null;
    driftCheckedAt: Date | null;
  } | null;
};

export async function driftViews(rows: Row[]): Promise<DriftView[]> {
  const numbers = await revisionNumbers(rows.map((r) => r.status?.lastPushedRevisionId));
  return rows.map((r) => {
    const detail = parseDriftDetail(r.status?.driftDetail);
    const state = driftStateSchema.safeParse(r.status?.driftState);
    const rev = r.status?.lastPushedRevisionId ? numbers.get(r.status.lastPushedRevisionId) : undefined;
    return {
      routerId: r.id,
      state: state.success ? state.data : "never-pushed",
      acknowledged: state.success && state.data === "drifted" ? (detail?.acknowledged ?? null) : null,
      checkedAt: r.status?.driftCheckedAt?.toISOString() ?? detail?.checkedAt ?? null,
      lastPushed:
        rev && r.status?.lastPushedRevisionId
          ? {
              revisionId: r.status.lastPushedRevisionId,
              ruleSetId: rev.ruleSetId,
              ruleSetName: rev.ruleSetName,
              number: rev.number,
            }
          : null,
      differences: state.success && state.data !== "in-sync" ? (detail?.changes ?? []).map(toDifference) : [],
      error: detail?.error ?? null,
    };
  });
}

/** Drift of every router, keyed by router id (health view). */
export async function fleetDrift(): Promise<Map<string, DriftView>> {
  const rows = await db.router.findMany({
    select: DRIFT_ROW,
  });
  return new Map((await driftViews(rows)).map((v) => [v.routerId, v]));
}
