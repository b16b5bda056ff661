import { routerRoleMap } from "@/lib/inventory/router-roles";
import { createHash } from "node:crypto";
import { kickAlerts } from "@/lib/alerts/dispatcher";
import { alertStatements, asPrisma } from "@/lib/alerts/record";
import type { Sql } from "@/lib/db/direct-sql";
import { ruleLabeller } from "@/lib/rules/describe";
import { db } from "@/lib/db/client";
import { loadRouterTarget } from "@/lib/inventory/routers";
import { cachedRevision } from "@/lib/push/compiled-revision";
import { storedPlacement } from "@/lib/push/schemas";
import { describeError } from "@/lib/push/router-session";
import type { DriverSession, FirewallPlanner, LiveFirewall } from "@/lib/routers/driver";
import { parseVendor } from "@/lib/routers/profiles";
import { getDriver } from "@/lib/routers/registry";
import { recordHitsOfRead } from "@/lib/hits/record-hits";
import { parseDriftDetail, type DriftDetail, type DriftState } from "./schemas";

const ACTIVE_PUSH = ["queued", "connecting", "applying", "verifying"];

export type DriftCheck = { state: DriftState; changes: number } | { state: "skipped"; reason: string };

/** A firewall the check read, for whoever wants more of it than the comparison (the poll records its counters). */
export type DriftRead = { live: LiveFirewall; planner: FirewallPlanner; revisionId: string };

/**
 * Compares the router's live managed items with its last pushed revision (compile + compare: empty means a push
 * would send nothing) and records the result in RouterStatus. Runs on the poll's own session when given one.
 * A router that is being pushed right now is left alone: its firewall is mid-change by design.
 *
 * The full comparison (revision parse, compile, compare: ~110 ms at 2,000 rules) runs only when the live state
 * is not the one a full comparison last found in sync with this revision and placement (RouterStatus.syncedKey):
 * an unchanged router costs a hash compare. Any change on the router changes its state hash, so that one is
 * compared in full again.
 *
 * `onRead` gets the firewall once it is compared: a check skipped before reading (never pushed, a push running)
 * or a read that failed gives it nothing.
 */
export async function checkDrift(
  routerId: string,
  session: DriverSession,
  live?: LiveFirewall,
  onRead?: (read: DriftRead) => Promise<void>,
): Promise<DriftCheck> {
  const status = await loadStatus(routerId);
  if (!status?.lastPushedRevisionId) {
    await setDrift(routerId, "never-pushed", null);
    return { state: "never-pushed", changes: 0 };
  }
  if (await db.deployment.findFirst({ where: { routerId, status: { in: ACTIVE_PUSH } }, select: { id: true } }))
    return { state: "skipped", reason: "a push is running" };
  const planner = getDriver(parseVendor(status.router.vendor)).planner;
  const fw = live ?? (await session.readFirewall());
  const revisionId = status.lastPushedRevisionId;
  const result = await compareRead(routerId, status, revisionId, planner, fw);
  await onRead?.({ live: fw, planner, revisionId });
  return result;
}

function loadStatus(routerId: string) {
  return db.routerStatus.findUnique({
    where: { routerId },
    select: {
      lastPushedRevisionId: true,
      lastPushedPlacement: true,
      driftDetail: true,
      driftState: true,
      syncedKey: true,
      router: { select: { vendor: true } },
    },
  });
}

async function compareRead(
  routerId: string,
  status: NonNullable<Awaited<ReturnType<typeof loadStatus>>>,
  revisionId: string,
  planner: FirewallPlanner,
  fw: LiveFirewall,
): Promise<DriftCheck> {
  const roles = await routerRoleMap(routerId);
  // a changed role mapping changes what the revision compiles to: the vendor part of the key carries it
  const vendorKey = `${status.router.vendor}${Object.keys(roles).length ? ` ${JSON.stringify(roles)}` : ""}`;
  const key = syncedKey(vendorKey, revisionId, status.lastPushedPlacement, fw.stateHash);
  if (status.syncedKey === key) {
    if (status.driftState !== "in-sync") await setDrift(routerId, "in-sync", null, key);
    return { state: "in-sync", changes: 0 };
  }
  // Shared with pushes of the same revision (lib/push/compiled-revision): a fleet's checks parse it once.
  const revision = await cachedRevision(revisionId);
  if (!revision) return { state: "skipped", reason: "the last pushed revision no longer exists" };
  // against the live firewall: OpenWrt resolves interfaces to the router's zones
  const compiled = planner.compile(revision.content, fw, { roles });
  if (!compiled.ok) return { state: "skipped", reason: "the last pushed revision no longer compiles" };
  const label = ruleLabeller(revision.content.rules);
  const changes = planner
    .compare(fw, compiled.desired, { placement: storedPlacement(status.lastPushedPlacement) })
    .map((c) => ({ ...c, rule: c.ruleId ? label(c.ruleId) : null }));
  if (changes.length === 0) {
    await setDrift(routerId, "in-sync", null, key);
    return { state: "in-sync", changes: 0 };
  }
  const prev = parseDriftDetail(status.driftDetail);
  const detail: DriftDetail = {
    changes,
    liveHash: fw.stateHash,
    checkedAt: new Date().toISOString(),
    revisionId: revision.id,
    // an acknowledgement covers exactly the live state it was given for
    acknowledged:
      prev?.acknowledged && prev.liveHash === fw.stateHash && prev.revisionId === revision.id
        ? prev.acknowledged
        : null,
    error: null,
  };
  // Alert on the change into "drifted" only, in the same transaction as the state (lib/alerts/record).
  const alerts =
    status.driftState === "drifted"
      ? []
      : await alertStatements({
          type: "drift-detected",
          routerId,
          summary: `Drift detected: ${changes.length} ${changes.length === 1 ? "difference" : "differences"} from the last pushed revision`,
          link: `/routers/${routerId}`,
        });
  await setDrift(routerId, "drifted", detail, null, alerts);
  return { state: "drifted", changes: changes.length };
}

/** What a full comparison found in sync: this vendor's live state against this revision at this placement. */
function syncedKey(vendor: string, revisionId: string, placement: string | null, stateHash: string): string {
  return createHash("sha256")
    .update(JSON.stringify([vendor, revisionId, placement ?? "", stateHash]))
    .digest("hex");
}

/** The poll could not reach the router: a pushed router is "unreachable", the last differences are kept. */
export async function markUnreachable(routerId: string, error: string): Promise<void> {
  const status = await db.routerStatus.findUnique({
    where: { routerId },
    select: { lastPushedRevisionId: true, driftDetail: true },
  });
  if (!status?.lastPushedRevisionId) return;
  const prev = parseDriftDetail(status.driftDetail);
  const detail: DriftDetail = prev
    ? { ...prev, error }
    : {
        changes: [],
        liveHash: "",
        checkedAt: new Date().toISOString(),
        revisionId: status.lastPushedRevisionId,
        acknowledged: null,
        error,
      };
  await setDrift(routerId, "unreachable", detail);
}

async function setDrift(
  routerId: string,
  state: DriftState,
  detail: DriftDetail | null,
  synced: string | null = null,
  alerts: Sql[] = [],
): Promise<void> {
  const data = {
    driftState: state,
    driftDetail: detail ? JSON.stringify(detail) : null,
    syncedKey: synced,
    // "unreachable" read nothing: the last read stays the time "in sync" or "drifted" was true
    ...(state === "unreachable" ? {} : { driftCheckedAt: new Date() }),
  };
  const upsert = db.routerStatus.upsert({
    where: { routerId },
    create: { routerId, state: "unknown", ...data },
    update: data,
  });
  if (alerts.length === 0) {
    await upsert;
    return;
  }
  await db.$transaction([upsert, ...asPrisma(alerts)]);
  kickAlerts();
}

/** "Check now" for drift alone: its own connection, a push's timeouts. */
export async function checkDriftNow(routerId: string): Promise<DriftCheck | { state: "unreachable"; error: string }> {
  const target = await loadRouterTarget(routerId, { connectTimeoutMs: 10_000, commandTimeoutMs: 20_000 });
  if (!target) return { state: "skipped", reason: "the router has no stored credential" };
  let session: DriverSession | null = null;
  try {
    session = await getDriver(target.vendor).connect(target);
    // the read's counters are the rules' hits, as on a poll (docs/rule-hits.md §3)
    const recordRead = (read: DriftRead) =>
      recordHitsOfRead(routerId, read).then(
        () => undefined,
        () => console.error(`[drift] hits of ${routerId} not recorded`),
      );
    return await checkDrift(routerId, session, undefined, recordRead);
  } catch (err) {
    const e = describeError(err);
    await markUnreachable(routerId, e.message);
    return { state: "unreachable", error: e.message };
  } finally {
    await session?.close().catch(() => undefined);
  }
}
