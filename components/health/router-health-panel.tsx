"use client";

import { useState } from "react";
import { DriftBadge } from "@/components/drift/drift-badge";
import { StatusBadge } from "@/components/routers/status-badge";
import { EmptyRow, tableClass } from "@/components/ui/page";
import type { FleetRow, SeriesPoint } from "@/lib/health/queries";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatDateTime } from "@/lib/format";
import { formatUptime } from "@/lib/format-duration";
import { LatencyChart } from "./latency-chart";
import { usePolling } from "./use-polling";
import { StateSince, UptimePercent } from "./uptime-text";

type Change = { at: string; fromState: string; toState: string; error: string | null };
type Data = { router: FleetRow; series: SeriesPoint[]; changes: Change[] };

export function RouterHealthPanel({ routerId, initial }: { routerId: string; initial: { hour: Data; day: Data } }) {
  const [range, setRange] = useState<"hour" | "day">("hour");
  const hour = usePolling(`/api/v1/health/routers/${routerId}?range=hour`, initial.hour, 3000);
  const day = usePolling(`/api/v1/health/routers/${routerId}?range=day`, initial.day, 30000);
  const data = range === "hour" ? hour.data : day.data;
  const r = hour.data.router;
  const changes = hour.data.changes;
  // Figures from the last answer; grey once it is several intervals old.
  const old = r.stale ? "text-slate-400" : "";
  const stats: [string, React.ReactNode, string?][] = [
    ["Status", <StatusBadge key="s" state={r.state} />],
    ["Since", <StateSince key="since" state={r.state} since={r.stateSince} />],
    ["Uptime 24 h", <UptimePercent key="u24" ratio={r.uptime24h} />],
    ["Uptime 30 d", <UptimePercent key="u30" ratio={r.uptime30d} />],
    ["Latency", r.latencyMs != null ? `${r.latencyMs} ms` : "—", old],
    ["Version", r.version ?? "—", old],
    ["Model", r.model ?? "—", old],
    ["Router uptime", formatUptime(r.uptimeSeconds), old],
    ["CPU load", r.cpuLoad != null ? `${r.cpuLoad}%` : "—", old],
    ["Last seen", <RelativeTime key="seen" iso={r.lastSeenAt} />],
    ["Last check", <RelativeTime key="check" iso={r.checkedAt} />],
    [
      "Sync",
      <span key="sync" data-testid="router-sync">
        <DriftBadge state={r.syncState} acknowledged={r.driftAcknowledged} differences={r.driftDifferences} />
        {r.syncState === "behind" ? (
          <span className="block text-xs font-normal text-slate-600">
            runs {r.lastPushed}, head {r.assignedHead}
          </span>
        ) : null}
      </span>,
    ],
  ];
  return (
    <div className="space-y-4">
      <dl
        className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4"
        data-testid="router-health"
        data-stale={r.stale ? "true" : undefined}
      >
        {stats.map(([k, v, cls]) => (
          <div key={k}>
            <dt className="text-xs text-slate-500">{k}</dt>
            <dd className={`font-medium tabular-nums ${cls ?? ""}`}>{v}</dd>
          </div>
        ))}
      </dl>
      {r.stale ? (
        <p className="text-xs text-slate-500" data-testid="router-stale">
          No answer for several poll intervals: latency, version, router uptime and CPU are from the last answer.
        </p>
      ) : null}
      {r.lastError ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="router-last-error">
          {r.lastError}
        </p>
      ) : null}
      <div>
        <div className="mb-1 flex items-center gap-2 text-xs">
          <span className="font-medium text-slate-700">Latency</span>
          {(["hour", "day"] as const).map((x) => (
            <button
              key={x}
              type="button"
              onClick={() => setRange(x)}
              className={`rounded px-2 py-0.5 ${range === x ? "bg-slate-800 text-white" : "bg-slate-100"}`}
            >
              last {x}
            </button>
          ))}
        </div>
        <LatencyChart points={data.series} range={range} />
      </div>
      <div>
        <h3 className="mb-1 text-xs font-medium text-slate-700">Recent checks: state changes</h3>
        <div className="relative overflow-x-auto">
          <table className={tableClass} data-testid="state-changes">
            <thead>
              <tr>
                <th>Time</th>
                <th>Change</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={`${c.at}-${c.toState}`}>
                  <td className="whitespace-nowrap text-slate-500">{formatDateTime(c.at)}</td>
                  <td className="whitespace-nowrap">
                    {c.fromState} → <strong>{c.toState}</strong>
                  </td>
                  <td className="text-xs text-slate-600">{c.error ?? ""}</td>
                </tr>
              ))}
              {changes.length === 0 ? <EmptyRow columns={3}>Not checked yet.</EmptyRow> : null}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
