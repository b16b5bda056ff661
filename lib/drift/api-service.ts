import { ApiError, failureError } from "@/lib/api/errors";
import type { Principal } from "@/lib/api/principal";
import { db } from "@/lib/db/client";
import { principalEditor } from "@/lib/rulesets/editor";
import { acknowledgeDrift } from "./acknowledge";
import { adoptLive } from "./adopt";
import { checkDriftNow } from "./check-drift";
import { importFromRouter } from "./import-router";
import { importRuleSetFromText, type TextImportInput } from "./import-text";
import { getDriftView } from "./queries";
import type { DriftView } from "./schemas";

/** The API's view of lib/drift: expected refusals become ApiErrors with the shared error shape. */

export async function driftOrThrow(routerId: string): Promise<DriftView> {
  const v = await getDriftView(routerId);
  if (!v) throw new ApiError("not_found", "No router with that id.");
  return v;
}

export async function checkDriftForApi(routerId: string): Promise<DriftView> {
  await driftOrThrow(routerId);
  const r = await checkDriftNow(routerId);
  if (r.state === "skipped") throw new ApiError("conflict", `Drift was not checked: ${r.reason}.`);
  return driftOrThrow(routerId);
}

export async function adoptForApi(p: Principal, routerId: string) {
  const r = await adoptLive(principalEditor(p), routerId);
  if (!r.ok)
    throw new ApiError(
      r.code,
      r.message,
      r.skipped?.map((s) => ({ path: s.ref, message: `${s.label}: ${s.reason}` })),
    );
  return { ruleSetId: r.ruleSetId, revision: r.revision, drift: await driftOrThrow(routerId) };
}

export async function acknowledgeForApi(p: Principal, routerId: string): Promise<DriftView> {
  const r = await acknowledgeDrift(p.actor, routerId);
  if (!r.ok) throw failureError(r);
  return driftOrThrow(routerId);
}

export async function importFromRouterForApi(
  p: Principal,
  routerId: string,
  body: { name: string; takeOwnership?: boolean },
) {
  const r = await importFromRouter(principalEditor(p), routerId, body);
  if (!r.ok) throw failureError(r);
  return {
    ruleSetId: r.ruleSetId,
    revision: r.revision,
    rules: r.rules,
    lists: r.lists,
    assigned: r.assigned,
    claimed: r.claimed,
    skipped: r.skipped,
  };
}

export async function importTextForApi(p: Principal, body: TextImportInput) {
  const r = await importRuleSetFromText(principalEditor(p), body);
  if (!r.ok) throw failureError(r);
  return { id: r.id, revision: r.revision, skipped: r.skipped };
}

export async function routerExists(routerId: string): Promise<boolean> {
  return !!(await db.router.findUnique({ where: { id: routerId }, select: { id: true } }));
}
