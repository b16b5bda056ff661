import Link from "next/link";
import { Card } from "@/components/ui/page";
import { roleAllows, type Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { getAssignment } from "@/lib/push/assignments";
import { listDeployments } from "@/lib/push/queries";
import { AssignmentControl } from "./assignment-control";
import { DeploymentsTable } from "./deployments-table";

/** The router page's push section: assigned rule set, last pushed revision, and this router's deployments. */
export async function RouterPushCard({ routerId, role }: { routerId: string; role: Role }) {
  const [assignment, ruleSets, history] = await Promise.all([
    getAssignment(routerId),
    db.ruleSet.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    listDeployments({ routerId, limit: 10 }),
  ]);
  return (
    <Card
      title="Rule set and pushes"
      actions={
        <Link href={`/deployments?routerId=${routerId}`} className="text-xs text-sky-700 hover:underline">
          All deployments
        </Link>
      }
    >
      <div className="space-y-4">
        <AssignmentControl
          routerId={routerId}
          assignment={assignment}
          ruleSets={ruleSets}
          canEdit={roleAllows(role, "operator")}
        />
        {history.length ? (
          <DeploymentsTable initial={history} query={`routerId=${routerId}&limit=10`} showRouter={false} />
        ) : (
          <p className="text-sm text-slate-500">No pushes to this router yet.</p>
        )}
      </div>
    </Card>
  );
}
