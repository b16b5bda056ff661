import { Suspense } from "react";
import { acknowledgeAction, adoptAction, checkDriftAction } from "@/app/(dashboard)/routers/drift-actions";
import { Card } from "@/components/ui/page";
import { RelativeTime } from "@/components/ui/relative-time";
import { roleAllows, type Role } from "@/lib/auth/roles";
import { getDriftView } from "@/lib/drift";
import { DriftActions } from "./drift-actions";
import { DriftBadge } from "./drift-badge";
import { DriftDifferences } from "./drift-differences";
import { ThreeWayView } from "./three-way-view";

/**
 * The router page's sync section: state from the last check, the differences field by field, the actions, and
 * (when drifted, or asked for) the three-way view read from the router now.
 */
export async function DriftCard({
  routerId,
  routerName,
  role,
  compare,
}: {
  routerId: string;
  routerName: string;
  role: Role;
  compare: boolean;
}) {
  const v = await getDriftView(routerId);
  if (!v) return null;
  const drifted = v.state === "drifted";
  return (
    <section id="drift">
      <Card
        title="Sync with the last push"
        actions={
          <a
            href={compare ? `/routers/${routerId}#drift` : `/routers/${routerId}?compare=1#drift`}
            className="text-xs text-sky-700 hover:underline"
          >
            {compare ? "Hide three-way view" : "Compare intended / pushed / live"}
          </a>
        }
      >
        <div className="space-y-3">
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <DriftBadge state={v.state} acknowledged={!!v.acknowledged} differences={v.differences.length} />
            {v.lastPushed ? (
              <span className="text-slate-600">
                last pushed: {v.lastPushed.ruleSetName} revision {v.lastPushed.number}
              </span>
            ) : (
              <span className="text-slate-500">Rampart has not pushed to this router yet.</span>
            )}
            {v.checkedAt ? (
              <span className="text-xs text-slate-500">
                checked <RelativeTime iso={v.checkedAt} />
              </span>
            ) : null}
            {v.acknowledged ? (
              <span className="text-xs text-slate-500">acknowledged by {v.acknowledged.by}</span>
            ) : null}
          </div>
          {v.state === "unreachable" && v.error ? (
            <p className="text-sm text-red-700">Could not check: {v.error}</p>
          ) : null}
          {drifted ? <DriftDifferences differences={v.differences} /> : null}
          {roleAllows(role, "operator") ? (
            <DriftActions
              routerId={routerId}
              routerName={routerName}
              ruleSetId={v.lastPushed?.ruleSetId ?? null}
              drifted={drifted}
              actions={{ check: checkDriftAction, adopt: adoptAction, acknowledge: acknowledgeAction }}
            />
          ) : null}
          {drifted || compare ? (
            <Suspense fallback={<p className="text-sm text-slate-500">Reading the router…</p>}>
              <ThreeWayView routerId={routerId} />
            </Suspense>
          ) : null}
        </div>
      </Card>
    </section>
  );
}
