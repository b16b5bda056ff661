"use client";

import { useState } from "react";
import { StatusBadge } from "@/components/routers/status-badge";
import type { FleetRow, SeriesPoint } from "@/lib/health/queries";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatUptime } from "@/lib/format-duration";
import { LatencyChart } from "./latency-chart";
import { usePolling } from "./use-polling";

type Data = { router: FleetRow; series: SeriesPoint[] };

export function RouterHealthPanel({ routerId, initial }: { routerId: string; initial: { hour: Data; day: Data } }) {
  const [range, setRange] = useState<"hour" | "day">("hour");
  const hour = usePolling(`/api/v1/health/routers/${routerId}?range=hour`, initial.hour, 3000);
  const day = usePolling(`/api/v1/health/routers/${routerId}?range=day`, initial.day, 30000);
  const data = range === "hour" ? hour.data : day.data;
  const r = hour.data.router;
  const stats: [string, React.ReactNode][] = [
    ["Status", <StatusBadge key="s" state={r.state} />],
    ["Latency", r.latencyMs != null ? `${r.latencyMs} ms` : "—"],
    ["Version", r.version ?? "—"],
    ["Model", r.model ?? "—"],
    ["Uptime", formatUptime(r.uptimeSeconds)],
    ["CPU load", r.cpuLoad != null ? `${r.cpuLoad}%` : "—"],
    ["Last seen", <RelativeTime key="seen" iso={r.lastSeenAt} />],
    ["Last check", <RelativeTime key="check" iso={r.checkedAt} />],
  ];
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-4 gap-x-6 gap-y-3" data-testid="router-health">
        {stats.map(([k, v]) => (
          <div key={k}>
            <dt className="text-xs text-slate-500">{k}</dt>
            <dd className="font-medium tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
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
    </div>
  );
}
