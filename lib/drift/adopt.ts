import { routerRoleMap } from "@/lib/inventory/router-roles";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { saveRuleSet } from "@/lib/rulesets/save-rule-set";
import { auditActor, type RuleSetActor } from "@/lib/rulesets/editor";
import type { SkippedItem } from "@/lib/routers/driver";
import { checkDrift, type DriftCheck } from "./check-drift";
import { cachedRevision } from "@/lib/push/compiled-revision";
import { keepInterfaceSpelling } from "./interface-spelling";
import { readRouterFirewall } from "./router-firewall";
import type { Failure } from "@/lib/failure";

export type AdoptResult =
  | { ok: true; ruleSetId: string; revision: number; drift: DriftCheck }
  | (Failure<"not_found" | "conflict" | "router_error"> & { skipped?: SkippedItem[] });

/**
 * Adopt: what Rampart's rules look like on the router now becomes a new revision of the router's rule set
 * (base = head, "Adopted from router X by Y"), and that revision counts as pushed, so the router is in sync.
 * Refused, with the list, when a managed item holds something the model cannot: adopting it without that
 * would change the rule, and the admin should overwrite instead.
 */
export async function adoptLive(actor: RuleSetActor, routerId: string): Promise<AdoptResult> {
  const router = await db.router.findUnique({
    where: { id: routerId },
    select: {
      name: true,
      assignment: { select: { ruleSetId: true } },
      status: { select: { lastPushedRevisionId: true } },
    },
  });
  if (!router) return { ok: false, code: "not_found", message: "router not found" };
  const pushedRev = router.status?.lastPushedRevisionId
    ? await db.ruleSetRevision.findUnique({
        where: { id: router.status.lastPushedRevisionId },
        select: { ruleSetId: true },
      })
    : null;
  const ruleSetId = router.assignment?.ruleSetId ?? pushedRev?.ruleSetId;
  if (!ruleSetId)
    return {
      ok: false,
      code: "conflict",
      message: `${router.name} has no rule set to adopt into; use Import from router instead`,
    };
  const set = await db.ruleSet.findUnique({
    where: { id: ruleSetId },
    select: { name: true, description: true, headRevision: true },
  });
  if (!set) return { ok: false, code: "not_found", message: "rule set not found" };

  const read = await readRouterFirewall(routerId);
  if (!read.ok) return { ok: false, code: "router_error", message: read.message };
  try {
    const roles = await routerRoleMap(routerId);
    const decompiled = read.planner.decompile(read.live, { managedOnly: true, roles });
    const { skipped } = decompiled;
    const blocking = skipped.filter((s) => !s.partial);
    if (blocking.length) {
      return {
        ok: false,
        code: "conflict",
        message: `${blocking.length} of Rampart's items on ${router.name} hold something a rule set cannot (${blocking[0].label}: ${blocking[0].reason}); overwrite them with a push instead`,
        skipped,
      };
    }
    const lastPushed = router.status?.lastPushedRevisionId
      ? await cachedRevision(router.status.lastPushedRevisionId)
      : null;
    const content = keepInterfaceSpelling(decompiled.content, lastPushed?.content ?? null, roles);
    const message = `Adopted from router ${router.name} by ${actor.label}`;
    const saved = await saveRuleSet(
      actor,
      ruleSetId,
      { baseRevision: set.headRevision, name: set.name, description: set.description, content, message },
      {
        action: "drift.adopt",
        summary: (name, n) => `Adopted the live rules of '${router.name}' into '${name}' as revision ${n}`,
        details: { routerId },
      },
    );
    let number: number;
    if (saved.ok) number = saved.revision;
    else if (saved.kind === "unchanged") {
      // the head already is what the router holds: nothing to save, the router just counts as pushed with it
      number = saved.currentRevision;
      await recordAudit({
        actor: auditActor(actor),
        action: "drift.adopt",
        targetType: "router",
        targetId: routerId,
        summary: `Adopted the live rules of '${router.name}': they equal revision ${number} of '${set.name}'`,
        details: { ruleSetId },
      });
    } else return { ok: false, code: saved.kind === "not_found" ? "not_found" : "conflict", message: saved.message };
    const rev = await db.ruleSetRevision.findUnique({
      where: { ruleSetId_number: { ruleSetId, number } },
      select: { id: true },
    });
    // The rules count as pushed where they stand now, between the router's own rows.
    const compiled = read.planner.compile(content, read.live, { roles });
    const placement = compiled.ok ? read.planner.plan(read.live, compiled.desired).placement : undefined;
    const pushed = { lastPushedRevisionId: rev!.id, lastPushedPlacement: placement ? JSON.stringify(placement) : null };
    await db.routerStatus.upsert({
      where: { routerId },
      create: { routerId, state: "unknown", ...pushed },
      update: pushed,
    });
    const drift = await checkDrift(routerId, read.session, read.live);
    return { ok: true, ruleSetId, revision: number, drift };
  } finally {
    await read.session.close().catch(() => undefined);
  }
}
