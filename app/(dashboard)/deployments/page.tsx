import Link from "next/link";
import { DeploymentsTable } from "@/components/push/deployments-table";
import { compactSelect } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { deploymentFilterSchema, listDeployments } from "@/lib/push/queries";
import { DEPLOYMENT_STATUSES } from "@/lib/push/schemas";
import { NamedOptions } from "@/components/ui/named-options";

export const metadata = { title: "Deployments" };

export default async function DeploymentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser();
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter(([, v]) => typeof v === "string" && v !== ""),
  ) as Record<string, string>;
  const parsed = deploymentFilterSchema.safeParse(raw);
  const filter = parsed.success ? parsed.data : deploymentFilterSchema.parse({});
  const [rows, routers, ruleSets, total] = await Promise.all([
    listDeployments(filter),
    db.router.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.ruleSet.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.deployment.count(),
  ]);
  const query = new URLSearchParams(
    Object.entries({
      status: filter.status,
      routerId: filter.routerId,
      ruleSetId: filter.ruleSetId,
      batchId: filter.batchId,
    }).filter((e): e is [string, string] => !!e[1]),
  ).toString();
  return (
    <>
      <PageHeader
        title="Deployments"
        description="Every push: who, when, which revision, which router, and what happened."
      />
      {total === 0 ? (
        <EmptyState title="No pushes yet">
          Nothing has been sent to a router. Assign a rule set to routers, then open the rule set&apos;s Push page:
          every push starts with a per-router preview.{" "}
          <Link href="/rule-sets" className="text-sky-700 underline">
            Rule sets
          </Link>
        </EmptyState>
      ) : (
        <div className="space-y-3">
          <form className="flex flex-wrap items-center gap-2 text-sm" method="get" aria-label="Filter deployments">
            <select name="status" defaultValue={filter.status ?? ""} className={compactSelect} aria-label="Status">
              <option value="">Any status</option>
              {DEPLOYMENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s === "failed-unknown" ? "interrupted" : s.replace("-", " ")}
                </option>
              ))}
            </select>
            <select name="routerId" defaultValue={filter.routerId ?? ""} className={compactSelect} aria-label="Router">
              <option value="">Any router</option>
              <NamedOptions items={routers} />
            </select>
            <select
              name="ruleSetId"
              defaultValue={filter.ruleSetId ?? ""}
              className={compactSelect}
              aria-label="Rule set"
            >
              <option value="">Any rule set</option>
              <NamedOptions items={ruleSets} />
            </select>
            {filter.batchId ? <input type="hidden" name="batchId" value={filter.batchId} /> : null}
            <button type="submit" className={buttonClass("secondary", "sm")}>
              Filter
            </button>
            {query ? (
              <Link href="/deployments" className="text-xs text-sky-700 hover:underline">
                Clear
              </Link>
            ) : null}
          </form>
          <DeploymentsTable key={query} initial={rows} query={query} />
        </div>
      )}
    </>
  );
}
