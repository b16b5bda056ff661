"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { usePolling } from "@/components/health/use-polling";
import { Button } from "@/components/ui/button";
import { stackOnPhoneClass, tableClass } from "@/components/ui/page";
import type { BatchView } from "@/lib/push/queries";
import { apiCall } from "./api-fetch";
import { DeploymentStatusBadge, formatDuration, ProgressCell } from "./deployment-status";

const STATE_TEXT: Record<BatchView["state"], string> = {
  running: "Pushing…",
  "canary-wait": "Canary finished. Check the results, then continue with the rest or stop.",
  done: "Finished.",
  stopped: "Stopped: routers that had not started were skipped.",
};

/** One push's routers with live progress (queued → connecting → applying → verifying → outcome). */
export function BatchProgress({
  batchId,
  canAct,
  onFinished,
}: {
  batchId: string;
  canAct: boolean;
  onFinished?: () => void;
}) {
  const { data: b, error } = usePolling<BatchView | null>(`/api/v1/push-batches/${batchId}`, null, 1000);
  // Once, when the batch is seen finished: what the page around it says of each router ("has #2") is stale.
  const told = useRef(false);
  const finished = b ? b.state === "done" || b.state === "stopped" : false;
  useEffect(() => {
    if (finished && !told.current) {
      told.current = true;
      onFinished?.();
    }
  }, [finished, onFinished]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (action: "continue" | "stop") => {
    setBusy(true);
    const r = await apiCall<BatchView>("POST", `/api/v1/push-batches/${batchId}/${action}`);
    setBusy(false);
    setMessage(r.ok ? null : r.message);
  };
  if (!b)
    return (
      <p className="text-sm text-slate-600" aria-live="polite">
        {error ? `Waiting for progress (${error})…` : "Starting the push…"}
      </p>
    );
  const counts = b.deployments.reduce<Record<string, number>>(
    (acc, d) => ({ ...acc, [d.status]: (acc[d.status] ?? 0) + 1 }),
    {},
  );
  return (
    <div className="space-y-3" data-testid="batch-progress" data-state={b.state}>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="font-medium" aria-live="polite">
          {STATE_TEXT[b.state]}
        </span>
        <span className="text-xs text-slate-600">
          {Object.entries(counts)
            .map(([k, n]) => `${n} ${k}`)
            .join(" · ")}{" "}
          · revert window {b.revertSeconds} s{b.canary ? ` · canary ${b.canary}` : ""}
          {b.stopOnFailure ? " · stops on first failure" : ""}
        </span>
        {canAct && b.state === "canary-wait" ? (
          <>
            <Button size="sm" disabled={busy} onClick={() => act("continue")}>
              Continue with the rest
            </Button>
            <Button size="sm" variant="secondary" disabled={busy} onClick={() => act("stop")}>
              Stop here
            </Button>
          </>
        ) : null}
        {canAct && b.state === "running" && b.deployments.some((d) => d.status === "queued") ? (
          <Button size="sm" variant="secondary" disabled={busy} onClick={() => act("stop")}>
            Stop (running pushes finish)
          </Button>
        ) : null}
        {message ? (
          <span role="alert" className="text-xs text-red-600">
            {message}
          </span>
        ) : null}
      </div>
      <table className={`${tableClass} ${stackOnPhoneClass}`}>
        <thead className="bg-slate-50">
          <tr>
            <th>Router</th>
            <th>Status</th>
            <th>Progress</th>
            <th className="text-right">Took</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {b.deployments.map((d) => (
            <tr key={d.id} data-testid="batch-row" data-router={d.routerName} data-status={d.status}>
              <td className="font-medium">{d.routerName}</td>
              <td data-label="Status">
                <DeploymentStatusBadge status={d.status} />
              </td>
              <td data-label="Progress">
                <ProgressCell status={d.status} opsDone={d.opsDone} opsTotal={d.opsTotal} />
              </td>
              <td className="text-right tabular-nums text-slate-600" data-label="Took">
                {formatDuration(d.durationMs)}
              </td>
              <td className="max-w-md text-xs text-slate-600" data-label="Detail">
                {d.error ? <span className="text-red-700">{d.error} </span> : null}
                {d.rollbackOutcome ? <span className="text-amber-800">{d.rollbackOutcome} </span> : null}
                <Link href={`/deployments/${d.id}`} className="text-sky-700 hover:underline">
                  Log
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
