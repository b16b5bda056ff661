"use client";

import Link from "next/link";
import { usePolling } from "@/components/health/use-polling";
import { Card } from "@/components/ui/page";
import { formatDateTime } from "@/lib/format";
import type { DeploymentDetail } from "@/lib/push/queries";
import { DeploymentStatusBadge, formatDuration, isActive, ProgressCell } from "./deployment-status";
import { PlanView } from "./plan-view";

const LEVEL = { info: "text-slate-700", warn: "text-amber-800", error: "text-red-700" } as const;

/** One deployment: outcome in words, the step log as it grows, and the exact plan it ran. */
export function DeploymentDetailView({ initial }: { initial: DeploymentDetail }) {
  const { data: d } = usePolling<DeploymentDetail>(
    `/api/v1/deployments/${initial.id}`,
    initial,
    isActive(initial.status) ? 1000 : 60_000,
  );
  const facts: [string, React.ReactNode][] = [
    [
      "Router",
      <Link key="r" href={`/routers/${d.routerId}`} className="text-sky-700 hover:underline">
        {d.routerName}
      </Link>,
    ],
    [
      "Revision",
      <Link key="s" href={`/rule-sets/${d.ruleSetId}/history`} className="text-sky-700 hover:underline">
        {d.ruleSetName} #{d.revisionNumber}
      </Link>,
    ],
    ["Requested by", d.requestedBy],
    ["Queued", formatDateTime(d.createdAt)],
    ["Started", d.startedAt ? formatDateTime(d.startedAt) : "—"],
    ["Finished", d.finishedAt ? formatDateTime(d.finishedAt) : "—"],
    ["Took", formatDuration(d.durationMs)],
    [
      "Revert window",
      d.overrides.some((o) => o.kind === "no-timer")
        ? "none (admin override)"
        : d.revertSeconds
          ? `${d.revertSeconds} s`
          : "—",
    ],
  ];
  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card title="Outcome">
          <div className="space-y-3 text-sm" data-testid="deployment-outcome">
            <div className="flex items-center gap-3">
              <DeploymentStatusBadge status={d.status} />
              <ProgressCell status={d.status} opsDone={d.opsDone} opsTotal={d.opsTotal} />
            </div>
            {d.status === "done" ? (
              <p>
                Applied, read back over a new connection, and confirmed. The router holds revision #{d.revisionNumber}.
              </p>
            ) : null}
            {isActive(d.status) ? <p className="text-slate-600">In progress — this page follows it live.</p> : null}
            {d.error ? (
              <p className="text-red-700" data-testid="deployment-error">
                {d.error}
              </p>
            ) : null}
            {d.rollbackOutcome ? (
              <p
                className={d.status === "rolled-back" ? "text-amber-800" : "text-red-700"}
                data-testid="rollback-outcome"
              >
                <span className="font-medium">Rollback: </span>
                {d.rollbackOutcome}
              </p>
            ) : null}
            {d.routerError ? (
              <details>
                <summary className="cursor-pointer text-xs text-slate-600">The router&apos;s own message</summary>
                <pre className="mt-1 whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs">{d.routerError}</pre>
              </details>
            ) : null}
            {d.overrides.map((o) => (
              <p key={o.kind} className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">
                Admin override: {o.kind === "lockout" ? "lockout guard" : "no revert timer"} — by {o.by} at{" "}
                {formatDateTime(o.at)}
              </p>
            ))}
          </div>
        </Card>
        <Card title="Push">
          <dl className="space-y-1.5">
            {facts.map(([k, v]) => (
              <div key={k} className="grid grid-cols-[7.5rem_1fr] gap-2">
                <dt className="text-xs text-slate-500">{k}</dt>
                <dd className="text-sm">{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
      <Card title="Steps">
        <ol className="space-y-1 font-mono text-xs" data-testid="deployment-steps">
          {d.steps.map((s) => (
            <li
              key={s.seq}
              className={`grid grid-cols-[auto_1fr] gap-x-2 md:grid-cols-[9rem_5.5rem_1fr] md:gap-2 ${LEVEL[s.level]}`}
            >
              <span className="text-slate-400">{s.at.slice(11, 23)}</span>
              <span className="uppercase text-slate-500">{s.phase}</span>
              <span className="whitespace-pre-wrap break-words font-sans max-md:col-span-2 max-md:mb-1">
                {s.message}
              </span>
            </li>
          ))}
          {d.steps.length === 0 ? <li className="font-sans text-slate-500">Waiting to start.</li> : null}
        </ol>
      </Card>
      <Card title="Plan (exactly as previewed)">
        {d.plan ? (
          <PlanView key={d.plan.hash} plan={d.plan} />
        ) : (
          <p className="text-sm text-slate-600">The plan of this deployment could not be read.</p>
        )}
      </Card>
    </div>
  );
}
