"use client";

import Link from "next/link";
import { usePolling } from "@/components/health/use-polling";
import { EmptyRow, stackOnPhoneClass, tableClass } from "@/components/ui/page";
import { formatDateTime } from "@/lib/format";
import type { DeploymentSummary } from "@/lib/push/queries";
import { DeploymentStatusBadge, formatDuration, isActive, ProgressCell } from "./deployment-status";

/** Deployments with live progress: re-read every 2 s while the tab is visible. */
export function DeploymentsTable({
  initial,
  query,
  showRouter = true,
}: {
  initial: DeploymentSummary[];
  query: string;
  showRouter?: boolean;
}) {
  const { data, error } = usePolling<{ deployments: DeploymentSummary[] }>(
    `/api/v1/deployments${query ? `?${query}` : ""}`,
    { deployments: initial },
    2000,
  );
  const rows = data.deployments;
  const active = rows.filter((r) => isActive(r.status)).length;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className={`${tableClass} ${stackOnPhoneClass}`} data-testid="deployments-table">
        <thead className="bg-slate-50">
          <tr>
            <th>When</th>
            {showRouter ? <th>Router</th> : null}
            <th>Rule set</th>
            <th>By</th>
            <th>Status</th>
            <th>Progress</th>
            <th>Changes</th>
            <th className="text-right">Took</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} data-testid="deployment-row" data-router={d.routerName}>
              <td className="whitespace-nowrap text-slate-600">
                <Link href={`/deployments/${d.id}`} className="hover:text-sky-700 hover:underline">
                  {formatDateTime(d.createdAt)}
                </Link>
              </td>
              {showRouter ? (
                <td className="whitespace-nowrap font-medium" data-label="Router">
                  <Link href={`/routers/${d.routerId}`} className="hover:text-sky-700 hover:underline">
                    {d.routerName}
                  </Link>
                </td>
              ) : null}
              <td className="whitespace-nowrap" data-label="Rule set">
                {d.ruleSetName} <span className="font-mono text-xs text-slate-500">#{d.revisionNumber}</span>
              </td>
              <td className="whitespace-nowrap text-slate-600" data-label="By">
                {d.requestedBy}
              </td>
              <td className="whitespace-nowrap" data-label="Status">
                <DeploymentStatusBadge status={d.status} />
                {d.overrides.length ? (
                  <span
                    className="ml-1 text-[11px] text-amber-700"
                    title={d.overrides.map((o) => `${o.kind} by ${o.by}`).join(", ")}
                  >
                    override
                  </span>
                ) : null}
              </td>
              <td data-label="Progress">
                <ProgressCell status={d.status} opsDone={d.opsDone} opsTotal={d.opsTotal} />
              </td>
              <td className="whitespace-nowrap text-xs tabular-nums" data-label="Changes">
                <span className="text-emerald-700">+{d.counts.add}</span>{" "}
                <span className="text-amber-700">~{d.counts.change}</span>{" "}
                <span className="text-red-700">−{d.counts.remove}</span>{" "}
                <span className="text-sky-700">↕{d.counts.move}</span>
              </td>
              <td className="text-right tabular-nums text-slate-600" data-label="Took">
                {formatDuration(d.durationMs)}
              </td>
              <td className="max-w-sm truncate text-xs text-slate-600" title={d.error ?? undefined} data-label="Detail">
                {d.error ?? (d.status === "done" ? "confirmed" : "")}
              </td>
            </tr>
          ))}
          {rows.length === 0 ? <EmptyRow columns={showRouter ? 9 : 8}>No deployments match.</EmptyRow> : null}
        </tbody>
      </table>
      <p className="border-t border-slate-100 px-3 py-1.5 text-[11px] text-slate-500" aria-live="polite">
        {error
          ? `Live updates paused (${error}); retrying.`
          : active
            ? `${active} push${active === 1 ? "" : "es"} in progress — updating live.`
            : "Updates live."}
      </p>
    </div>
  );
}
