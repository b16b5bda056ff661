"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { DriftBadge } from "@/components/drift/drift-badge";
import { StatusBadge } from "@/components/routers/status-badge";
import { compactSelect } from "@/components/ui/field";
import { EmptyRow, stackOnPhoneClass, tableClass } from "@/components/ui/page";
import type { FleetPage } from "@/lib/health/queries";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatUptime } from "@/lib/format-duration";
import { Sparkline } from "./sparkline";
import { StateSince, UptimePercent } from "./uptime-text";
import { usePolling } from "./use-polling";

const STATES = ["up", "degraded", "down", "auth-failed", "unknown"] as const;

export function FleetTable({ initial }: { initial: FleetPage & { checkedAt: string } }) {
  const [state, setState] = useState("");
  const [site, setSite] = useState("");
  const [offset, setOffset] = useState(0);
  // Filters and paging run on the server: the list never carries every router (10,000 would be seconds a poll).
  const url = useMemo(() => {
    const p = new URLSearchParams({ limit: String(initial.limit), offset: String(offset) });
    if (state) p.set("state", state);
    if (site) p.set("site", site);
    return `/api/v1/health/routers?${p}`;
  }, [initial.limit, offset, state, site]);
  const { data, error } = usePolling(url, initial, 3000, true);
  const sites = data.sites;
  const rows = data.routers;
  const counts = data.counts;
  const pick = (setter: (v: string) => void) => (v: string) => {
    setter(v);
    setOffset(0);
  };
  const onState = pick(setState);
  const onSite = pick(setSite);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        {STATES.filter((s) => counts[s]).map((s) => (
          <button
            key={s}
            type="button"
            onClick={() => onState(state === s ? "" : s)}
            className={`rounded-md border px-2 py-1 text-xs ${state === s ? "border-slate-800 bg-slate-800 text-white" : "border-slate-200 bg-white"}`}
          >
            {s} <strong>{counts[s]}</strong>
          </button>
        ))}
        <select
          aria-label="Filter by status"
          value={state}
          onChange={(e) => onState(e.target.value)}
          className={compactSelect}
        >
          <option value="">All states</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select
          aria-label="Filter by site"
          value={site}
          onChange={(e) => onSite(e.target.value)}
          className={compactSelect}
        >
          <option value="">All sites</option>
          {sites.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <span className="ml-auto text-xs text-slate-500" aria-live="polite">
          {error ? <span className="text-red-600">live updates paused ({error})</span> : "updates live"}
        </span>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className={`${tableClass} ${stackOnPhoneClass} [&_td]:whitespace-nowrap`}>
          <thead className="bg-slate-50">
            <tr>
              <th>Router</th>
              <th>Status</th>
              <th>Since</th>
              <th>Up 24 h</th>
              <th>Up 30 d</th>
              <th>Latency</th>
              <th>Last hour</th>
              <th>Version</th>
              <th>Uptime</th>
              <th>CPU</th>
              <th>Last seen</th>
              <th>Last error</th>
              <th>Last push</th>
              <th>Sync</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.id}
                data-testid={`health-row-${r.name}`}
                data-stale={r.stale ? "true" : undefined}
                // Figures from an answer older than a few intervals turn grey: they may no longer be true.
                className={r.stale ? "[&_td.from-answer]:text-slate-400 [&_td.from-answer]:opacity-60" : undefined}
                title={r.stale ? "No answer for several poll intervals: the figures shown are old" : undefined}
              >
                <td>
                  <Link href={`/routers/${r.id}`} className="font-medium text-sky-800 hover:underline">
                    {r.name}
                  </Link>
                  <div className="text-xs text-slate-400">{r.site || r.host}</div>
                </td>
                <td data-label="Status">
                  <StatusBadge state={r.state} />
                </td>
                <td className="text-xs text-slate-600" data-testid="state-since" data-label="Since">
                  <StateSince state={r.state} since={r.stateSince} />
                </td>
                <td className="tabular-nums" data-testid="uptime-24h" data-label="Up 24 h">
                  <UptimePercent ratio={r.uptime24h} />
                </td>
                <td className="tabular-nums" data-testid="uptime-30d" data-label="Up 30 d">
                  <UptimePercent ratio={r.uptime30d} />
                </td>
                <td className="from-answer tabular-nums" data-label="Latency">
                  {r.latencyMs != null ? `${r.latencyMs} ms` : "—"}
                </td>
                <td className="from-answer" data-label="Last hour">
                  <Sparkline values={r.spark} />
                </td>
                <td className="from-answer text-slate-600" data-label="Version">
                  {r.version ?? "—"}
                  {r.model ? <div className="text-xs text-slate-400">{r.model}</div> : null}
                </td>
                <td className="from-answer tabular-nums" data-label="Uptime">
                  {formatUptime(r.uptimeSeconds)}
                </td>
                <td className="from-answer tabular-nums" data-label="CPU">
                  {r.cpuLoad != null ? `${r.cpuLoad}%` : "—"}
                </td>
                <td className="text-slate-500" data-label="Last seen">
                  {<RelativeTime iso={r.lastSeenAt} />}
                </td>
                <td
                  className="max-w-72 truncate !whitespace-normal text-xs text-red-700"
                  title={r.lastError ?? ""}
                  data-testid="last-error"
                  data-label={r.lastError ? "Last error" : undefined}
                >
                  {r.lastError ?? ""}
                </td>
                <td className="text-xs text-slate-600" data-testid="last-push" data-label="Last push">
                  {r.lastPushed ?? "—"}
                </td>
                <td className="text-xs" data-testid="sync" data-label="Sync">
                  <DriftBadge state={r.syncState} acknowledged={r.driftAcknowledged} differences={r.driftDifferences} />
                  {r.driftSummary ? (
                    <Link
                      href={`/routers/${r.id}#drift`}
                      className="block max-w-56 truncate text-slate-600 hover:underline"
                      title={r.driftSummary}
                    >
                      {r.driftSummary}
                    </Link>
                  ) : null}
                  {r.syncState === "behind" && r.assignedHead ? (
                    <span className="block text-slate-600">
                      runs {r.lastPushed}, head {r.assignedHead}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
            {rows.length === 0 ? <EmptyRow columns={14}>No routers match.</EmptyRow> : null}
          </tbody>
        </table>
      </div>
      {data.matching > data.limit ? (
        <div className="flex items-center gap-2 text-xs text-slate-600" data-testid="health-pages">
          <span>
            {data.offset + 1}–{Math.min(data.offset + data.limit, data.matching)} of {data.matching}
          </span>
          <button
            type="button"
            className="rounded-md border border-slate-200 bg-white px-2 py-1 disabled:opacity-40"
            disabled={data.offset === 0}
            onClick={() => setOffset(Math.max(0, data.offset - data.limit))}
          >
            Previous
          </button>
          <button
            type="button"
            className="rounded-md border border-slate-200 bg-white px-2 py-1 disabled:opacity-40"
            disabled={data.offset + data.limit >= data.matching}
            onClick={() => setOffset(data.offset + data.limit)}
          >
            Next
          </button>
        </div>
      ) : null}
    </div>
  );
}
