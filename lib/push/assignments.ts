import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { Failure } from "@/lib/failure";

export const assignmentViewSchema = z.object({
  routerId: z.string(),
  routerName: z.string(),
  ruleSetId: z.string(),
  ruleSetName: z.string(),
  assignedAt: z.string(),
  lastPushedRevision: z.number().nullable(),
  headRevision: z.number(),
});
export type AssignmentView = z.infer<typeof assignmentViewSchema>;

export type AssignmentResult = { ok: true; assignment: AssignmentView | null } | Failure<"not_found" | "conflict">;

/** A router takes one rule set; assigning another replaces it (nothing is pushed until someone pushes). */
export async function assignRuleSet(
  actor: Actor & { userId?: string | null },
  routerId: string,
  ruleSetId: string,
): Promise<AssignmentResult> {
  const [router, set] = await Promise.all([
    db.router.findUnique({
      where: { id: routerId },
      include: { assignment: { include: { ruleSet: { select: { name: true } } } } },
    }),
    db.ruleSet.findUnique({ where: { id: ruleSetId }, select: { id: true, name: true } }),
  ]);
  if (!router) return { ok: false, code: "not_found", message: "router not found" };
  if (!set) return { ok: false, code: "not_found", message: "rule set not found" };
  if (router.assignment?.ruleSetId !== ruleSetId) {
    const busy = await db.deployment.count({
      where: { routerId, status: { in: ["queued", "connecting", "applying", "verifying"] } },
    });
    if (busy)
      return {
        ok: false,
        code: "conflict",
        message: `a push to ${router.name} is queued or running; wait for it to finish`,
      };
    await db.$transaction(async (tx) => {
      await tx.routerAssignment.upsert({
        where: { routerId },
        create: { routerId, ruleSetId, assignedById: actor.userId ?? null },
        // claims name rows of the previous rule set's import: they never carry over
        update: { ruleSetId, assignedById: actor.userId ?? null, assignedAt: new Date(), ownershipClaims: "[]" },
      });
      const from = router.assignment ? ` (was '${router.assignment.ruleSet.name}')` : "";
      await recordAudit(
        {
          actor: stripUser(actor),
          action: "assignment.set",
          targetType: "router",
          targetId: routerId,
          summary: `Assigned rule set '${set.name}' to router '${router.name}'${from}`,
          details: { ruleSetId },
        },
        tx,
      );
    });
  }
  return { ok: true, assignment: await getAssignment(routerId) };
}

export async function unassignRuleSet(actor: Actor, routerId: string): Promise<AssignmentResult> {
  const router = await db.router.findUnique({
    where: { id: routerId },
    include: { assignment: { include: { ruleSet: { select: { name: true } } } } },
  });
  if (!router) return { ok: false, code: "not_found", message: "router not found" };
  if (!router.assignment) return { ok: true, assignment: null };
  await db.$transaction(async (tx) => {
    await tx.routerAssignment.delete({ where: { routerId } });
    await recordAudit(
      {
        actor: stripUser(actor),
        action: "assignment.remove",
        targetType: "router",
        targetId: routerId,
        summary: `Unassigned rule set '${router.assignment!.ruleSet.name}' from router '${router.name}' (the router keeps its rules)`,
      },
      tx,
    );
  });
  return { ok: true, assignment: null };
}

export async function getAssignment(routerId: string): Promise<AssignmentView | null> {
  const a = await db.routerAssignment.findUnique({
    where: { routerId },
    include: { router: { include: { status: true } }, ruleSet: true },
  });
  if (!a) return null;
  return toView(a, await revisionNumbers([a.router.status?.lastPushedRevisionId]));
}

/** The routers assigned a rule set, with what each last received. */
export async function listAssignments(ruleSetId: string): Promise<AssignmentView[]> {
  const rows = await db.routerAssignment.findMany({
    where: { ruleSetId },
    include: { router: { include: { status: true } }, ruleSet: true },
    orderBy: { router: { name: "asc" } },
  });
  const numbers = await revisionNumbers(rows.map((r) => r.router.status?.lastPushedRevisionId));
  return rows.map((r) => toView(r, numbers));
}

type Row = {
  routerId: string;
  ruleSetId: string;
  assignedAt: Date;
  router: { name: string; status: { lastPushedRevisionId: string | null } | null };
  ruleSet: { name: string; headRevision: number };
};

function toView(a: Row, numbers: Map<string, { number: number; ruleSetId: string }>): AssignmentView {
  const last = a.router.status?.lastPushedRevisionId ? numbers.get(a.router.status.lastPushedRevisionId) : undefined;
  return {
    routerId: a.routerId,
    routerName: a.router.name,
    ruleSetId: a.ruleSetId,
    ruleSetName: a.ruleSet.name,
    assignedAt: a.assignedAt.toISOString(),
    // A revision of another rule set (pushed before a reassignment) is not "this set's" last push.
    lastPushedRevision: last && last.ruleSetId === a.ruleSetId ? last.number : null,
    headRevision: a.ruleSet.headRevision,
  };
}

export async function revisionNumbers(
  ids: (string | null | undefined)[],
): Promise<Map<string, { number: number; ruleSetId: string; ruleSetName: string }>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const revs = await db.ruleSetRevision.findMany({
    where: { id: { in: wanted } },
    select: { id: true, number: true, ruleSetId: true, ruleSet: { select: { name: true } } },
  });
  return new Map(revs.map((r) => [r.id, { number: r.number, ruleSetId: r.ruleSetId, ruleSetName: r.ruleSet.name }]));
}

function stripUser(actor: Actor & { userId?: string | null }): Actor {
  return { type: actor.type, id: actor.id, label: actor.label };
}
