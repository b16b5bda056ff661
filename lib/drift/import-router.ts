import { routerRoleMap } from "@/lib/inventory/router-roles";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { assignRuleSet } from "@/lib/push/assignments";
import { saveClaims } from "@/lib/push/ownership-claims";
import type { SkippedItem } from "@/lib/routers/driver";
import { createRuleSet } from "@/lib/rulesets/create-rule-set";
import { parseKnownContent } from "@/lib/rules/parse-known-content";
import { auditActor, type RuleSetActor } from "@/lib/rulesets/editor";
import type { FormattedIssue } from "@/lib/rules/format-issues";
import { readRouterFirewall } from "./router-firewall";
import type { Failure } from "@/lib/failure";

export type ImportResult =
  | {
      ok: true;
      ruleSetId: string;
      revision: number;
      rules: number;
      lists: number;
      skipped: SkippedItem[];
      assigned: boolean;
      claimed: number;
    }
  | (Failure<"not_found" | "conflict" | "router_error" | "validation_failed"> & { issues?: FormattedIssue[] });

/**
 * Import from router: a new rule set from every static filter rule and address list on the router (foreign
 * ones included), each field mapped; what the model cannot hold comes back in `skipped`, and is kept in the
 * audit log. With `takeOwnership` the new rule set is also assigned to the router, and which router row became
 * which rule is kept with the assignment (ownership claims): the next previewed push then marks those very rows
 * as Rampart's in place (RouterOS: the comment tag; OpenWrt: the section name) instead of adding copies.
 */
export async function importFromRouter(
  actor: RuleSetActor,
  routerId: string,
  input: { name: string; takeOwnership?: boolean },
): Promise<ImportResult> {
  const router = await db.router.findUnique({ where: { id: routerId }, select: { name: true } });
  if (!router) return { ok: false, code: "not_found", message: "router not found" };
  const read = await readRouterFirewall(routerId);
  if (!read.ok) return { ok: false, code: "router_error", message: read.message };
  await read.session.close().catch(() => undefined);
  // interfaces the router maps to roles are imported as those roles: the rule set then serves other routers too
  const {
    content,
    skipped,
    origins = [],
  } = read.planner.decompile(read.live, {
    managedOnly: false,
    roles: await routerRoleMap(routerId),
  });
  const when = new Date().toISOString().slice(0, 16).replace("T", " ");
  const created = await createRuleSet(actor, {
    name: input.name,
    description: `Imported from router ${router.name} on ${when} UTC`,
    content,
    // The router's own rows are kept as read, raw grammar unchecked: one row our grammar does not know must not
    // refuse the whole import; a preview names it instead.
    checked: parseKnownContent(content, () => false),
    message: `Imported from router ${router.name} by ${actor.label}`,
  });
  if (!created.ok) return { ok: false, code: "validation_failed", message: created.message, issues: created.issues };
  await recordAudit({
    actor: auditActor(actor),
    action: "router.import",
    targetType: "router",
    targetId: routerId,
    summary: `Imported ${content.rules.length} rule(s) and ${content.addressLists.length} address list(s) from '${router.name}' into '${input.name}'; ${skipped.length} item(s) not imported`,
    details: { ruleSetId: created.id, skipped },
  });
  let assigned = false;
  let claimed = 0;
  if (input.takeOwnership) {
    const a = await assignRuleSet(actor, routerId, created.id);
    assigned = a.ok;
    if (assigned && origins.length > 0 && (await saveClaims(routerId, created.id, origins))) {
      claimed = new Set(origins.map((o) => `${o.kind} ${o.family ?? ""} ${o.ref}`)).size;
      await recordAudit({
        actor: auditActor(actor),
        action: "router.claim",
        targetType: "router",
        targetId: routerId,
        summary: `Taking ownership of ${claimed} item(s) on '${router.name}' with '${input.name}': the next push marks them as Rampart's in place`,
        details: {
          ruleSetId: created.id,
          claims: origins.map((o) => ({
            ref: o.ref,
            kind: o.kind,
            family: o.family ?? null,
            ruleId: o.ruleId,
            list: o.list,
          })),
        },
      });
    }
  }
  return {
    ok: true,
    ruleSetId: created.id,
    revision: created.revision,
    rules: content.rules.length,
    lists: content.addressLists.length,
    skipped,
    assigned,
    claimed,
  };
}
