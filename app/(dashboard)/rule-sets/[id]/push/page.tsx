import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PushPanel } from "@/components/push/push-panel";
import { loadPushGuard } from "@/lib/analysis/push-guard";
import { PageHeader } from "@/components/ui/page";
import { db } from "@/lib/db/client";
import { listAssignments } from "@/lib/push/assignments";
import { ruleSetTitle } from "@/lib/page-titles";
import { openRuleSetPage, type RuleSetPageProps } from "../rule-set-page";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return ruleSetTitle(id, "Push");
}

// `router=<id>`: opened from that router (its page, its drift view, take ownership), so only it is selected.
// Anything else than a known router id selects nothing rather than every assigned router.
const querySchema = z.object({
  router: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .catch(""),
});

export default async function PushPage(props: RuleSetPageProps) {
  const { user, id, q } = await openRuleSetPage(props, querySchema);
  const set = await db.ruleSet.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!set) notFound();
  const [revisions, assignments, routers, active, guard] = await Promise.all([
    db.ruleSetRevision.findMany({
      where: { ruleSetId: id },
      orderBy: { number: "desc" },
      take: 50,
      select: { number: true, message: true },
    }),
    listAssignments(id),
    db.router.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.pushBatch.findFirst({
      where: { ruleSetId: id, state: { in: ["running", "canary-wait"] } },
      orderBy: { createdAt: "desc" },
      select: { id: true },
    }),
    loadPushGuard(),
  ]);
  const assigned = new Set(assignments.map((a) => a.routerId));
  const unassigned = routers.filter((r) => !assigned.has(r.id));
  const preselect =
    q.router === undefined
      ? null
      : { routerId: assigned.has(q.router) || unassigned.some((r) => r.id === q.router) ? q.router : null };
  return (
    <>
      <PageHeader
        title={`Push ${set.name}`}
        description="Preview each router against its live firewall, then push exactly that preview."
        actions={
          <Link href={`/rule-sets/${id}`} className="text-sm text-sky-700 hover:underline">
            Back to the rule set
          </Link>
        }
      />
      <PushPanel
        ruleSetId={id}
        revisions={revisions}
        assignments={assignments}
        unassigned={unassigned}
        preselect={preselect}
        role={user.role}
        activeBatchId={active?.id ?? null}
        blockOnConflicts={guard.blockOnConflicts}
      />
    </>
  );
}
