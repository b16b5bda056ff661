import Link from "next/link";
import { driftedRoutersOf } from "@/lib/drift";

/** Rule-set page banner: routers that last received this rule set and were changed by hand since. */
export async function DriftBanner({ ruleSetId }: { ruleSetId: string }) {
  const routers = await driftedRoutersOf(ruleSetId);
  if (routers.length === 0) return null;
  return (
    <div
      role="status"
      className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      data-testid="drift-banner"
    >
      <span aria-hidden="true" className="mr-1">
        ≠
      </span>
      <strong>{routers.length === 1 ? "1 router has" : `${routers.length} routers have`} drifted</strong> from the
      revision last pushed to {routers.length === 1 ? "it" : "them"}:{" "}
      {routers.map((r, i) => (
        <span key={r.id}>
          {i ? ", " : ""}
          <Link href={`/routers/${r.id}#drift`} className="font-medium underline">
            {r.name}
          </Link>{" "}
          ({r.differences} difference{r.differences === 1 ? "" : "s"}
          {r.acknowledged ? ", acknowledged" : ""})
        </span>
      ))}
      . Overwrite, adopt or acknowledge on the router page.
    </div>
  );
}
