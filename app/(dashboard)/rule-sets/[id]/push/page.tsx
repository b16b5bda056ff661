import Link from "next/link";
import { notFound } from "next/navigation";
import { PushPanel } from "@/components/push/push-panel";
import { loadPushGuard } from "@/lib/analysis/push-guard";
import { PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { listAssignments } from "@/lib/push/assignments";

export const metadata = { title: "Push" };

export default async function PushPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  const set = await db.ruleSet.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!set) notFound();
  const [revisions, assignments, routers, active, guard] = await Promise.all([
    db.ruleSetRevision.findMany({ where: { ruleSetId: id }, orderBy: { number: "desc" }, take: 50, select: { number: true, message: true } }),
    listAssignments(id),
    db.router.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.pushBatch.findFirst({ where: { ruleSetId: id, state: { in: ["running", "canary-wait"] } }, orderBy: { createdAt: "desc" }, select: { id: true } }),
    loadPushGuard(),
  ]);
  const assigned = new Set(assignments.map((a) => a.routerId));
  return (
    <>
      <PageHeader
        title={`Push ${set.name}`}
        description="Preview each router against its live firewall, then push exactly that preview."
        actions={<Link href={`/rule-sets/${id}`} className="text-sm text-sky-700 hover:underline">Back to the rule set</Link>}
      />
      <PushPanel
        ruleSetId={id}
        revisions={revisions}
        assignments={assignments}
        unassigned={routers.filter((r) => !assigned.has(r.id))}
        role={user.role}
        activeBatchId={active?.id ?? null}
        blockOnConflicts={guard.blockOnConflicts}
      />
    </>
  );
}
